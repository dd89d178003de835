import { ImageList } from '../list/ImageList.tsx';
import { useStore } from '../store/index.ts';
import { ImageGrid } from './ImageGrid.tsx';

/** The images in the centre pane: the grid, or the list (whole captions beside thumbnails), as the user chose. */
export function ImageBrowser() {
  const viewMode = useStore((s) => s.prefs.viewMode);
  return viewMode === 'list' ? <ImageList /> : <ImageGrid />;
}
