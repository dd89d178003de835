import { useState } from 'react';
import { useStore } from '../store/index.ts';

/**
 * An image's thumbnail (decorative: the option around it is named by the file name). Not lazily
 * loaded: every list showing thumbnails is virtualized, so only the rows in view and a little
 * overscan exist, and lazy loading would only hold the request back until an intersection check
 * after layout, which on a cold first screen waits behind the rest of the first render.
 */
export function Thumb({ id, px }: { id: string; px: number }) {
  const transport = useStore((s) => s.transport);
  const [broken, setBroken] = useState(false);
  if (!transport || broken) return <span className="grid-thumb-missing">{broken ? 'No preview' : ''}</span>;
  return <img src={transport.thumbnailUrl(id, px)} alt="" decoding="async" draggable={false} onError={() => setBroken(true)} />;
}
