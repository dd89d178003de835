import type { ImageItem } from '../../../shared/contract/index.ts';
import { compareIds } from '../store/derive.ts';

/*
 * Which image an orphan caption most likely belongs to. Orphans usually come from a renamed or
 * re-exported image (`img_003.txt` beside `img_003 (1).png`), so images without a caption whose name
 * starts like the orphan's, in the same folder, come first.
 */

const folderOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);
const stemOf = (p: string) => {
  const name = p.slice(p.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).toLowerCase();
};

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Images that can take the orphan's text: no caption file, no unreadable one, no edit under way. */
export function attachCandidates(
  orphan: string,
  images: Readonly<Record<string, ImageItem>>,
  order: readonly string[],
  busy: (id: string) => boolean = () => false,
): string[] {
  const stem = stemOf(orphan);
  const folder = folderOf(orphan);
  const score = new Map<string, number>();
  for (const id of order) {
    const item = images[id];
    if (!item || item.caption !== null || item.captionError !== undefined || busy(id)) continue;
    score.set(id, commonPrefix(stem, stemOf(id)) * 2 + (folderOf(id) === folder ? 1 : 0));
  }
  return [...score.keys()].sort((a, b) => score.get(b)! - score.get(a)! || compareIds(a, b));
}

/** Narrows the candidates by a typed text (case-insensitive, anywhere in the path). */
export function matchCandidates(ids: readonly string[], text: string): string[] {
  const needle = text.trim().toLowerCase();
  return needle === '' ? [...ids] : ids.filter((id) => id.toLowerCase().includes(needle));
}

/** A file's name without its folders, for labels. */
export const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
