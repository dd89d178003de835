import fs from 'node:fs';
import path from 'node:path';
import { tempWriterOf, type TempWriter } from '../fs/atomic-write.ts';
import { forEachLimit } from '../fs/parallel.ts';
import { comparePaths } from './path-order.ts';

export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp', 'avif', 'tiff', 'tif'] as const;
const IMAGE_EXT_SET = new Set<string>(IMAGE_EXTENSIONS);

export function isImageName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && IMAGE_EXT_SET.has(name.slice(dot + 1).toLowerCase());
}

export interface ScannedImage {
  relPath: string;
  captionRelPath: string;
  captionExists: boolean;
  /** The caption is a symlink: it is never read nor written (writing would replace the link). */
  captionIsSymlink: boolean;
}

export interface ScanResult {
  images: ScannedImage[];
  /** Caption files with no image of the same basename in the same folder. */
  orphanCaptions: string[];
  /** Several images share one caption basename (a.png + a.jpg -> a.txt). */
  ambiguous: Array<{ captionRelPath: string; images: string[] }>;
  skipped: Array<{ relPath: string; reason: string }>;
  /** Our own temp files left by a killed writer, with the writer's pid. */
  tempFiles: Array<{ relPath: string; writer: TempWriter }>;
}

interface DirWork {
  abs: string;
  rel: string; // '' for the root, else 'a/b'
}

interface DirListing {
  images: Array<{ name: string; base: string }>;
  captions: Map<string, { name: string; symlink: boolean }>;
}

/**
 * Walks the dataset. Hidden entries (.tagsmith, .git, our temps) are skipped; symlinked folders are
 * never followed (a link can point outside the root or back up into it), symlinked files are kept
 * when they are images. Caption pairing is by exact basename + caption extension, case-sensitive,
 * because that is how trainers look the caption up; image extensions match in any case.
 * Images are never opened.
 */
export async function scanDataset(root: string, captionExtension: string): Promise<ScanResult> {
  const result: ScanResult = { images: [], orphanCaptions: [], ambiguous: [], skipped: [], tempFiles: [] };
  const queue: DirWork[] = [{ abs: root, rel: '' }];
  const join = (rel: string, name: string): string => (rel === '' ? name : `${rel}/${name}`);

  const visit = async (dir: DirWork): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir.abs, { withFileTypes: true });
    } catch (e) {
      result.skipped.push({ relPath: dir.rel || '.', reason: `cannot read folder (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    const listing: DirListing = { images: [], captions: new Map() };
    for (const ent of entries) {
      const name = ent.name;
      const rel = join(dir.rel, name);
      if (name.startsWith('.')) {
        const writer = tempWriterOf(name);
        if (writer && !ent.isDirectory()) result.tempFiles.push({ relPath: rel, writer });
        continue;
      }
      let kind: 'dir' | 'file' | 'other';
      let symlink = false;
      if (ent.isDirectory()) kind = 'dir';
      else if (ent.isFile()) kind = 'file';
      else if (ent.isSymbolicLink()) {
        symlink = true;
        try {
          const st = await fs.promises.stat(path.join(dir.abs, name));
          kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
        } catch {
          result.skipped.push({ relPath: rel, reason: 'broken symlink' });
          continue;
        }
      } else kind = 'other';

      if (kind === 'dir') {
        if (symlink) result.skipped.push({ relPath: rel, reason: 'symlinked folder not followed' });
        else queue.push({ abs: path.join(dir.abs, name), rel });
      } else if (kind === 'file') {
        if (isImageName(name)) listing.images.push({ name, base: name.slice(0, name.lastIndexOf('.')) });
        else if (name.endsWith(captionExtension) && name.length > captionExtension.length) {
          listing.captions.set(name.slice(0, -captionExtension.length), { name, symlink });
        }
      }
    }
    collect(dir.rel, listing);
  };

  const collect = (dirRel: string, listing: DirListing): void => {
    const byBase = new Map<string, string[]>();
    for (const img of listing.images) {
      const captionName = img.base + captionExtension;
      const cap = listing.captions.get(img.base);
      const relPath = join(dirRel, img.name);
      const captionRelPath = join(dirRel, captionName);
      result.images.push({ relPath, captionRelPath, captionExists: cap !== undefined, captionIsSymlink: cap?.symlink ?? false });
      const group = byBase.get(img.base);
      if (group) group.push(relPath);
      else byBase.set(img.base, [relPath]);
    }
    for (const [base, cap] of listing.captions) {
      if (!byBase.has(base)) result.orphanCaptions.push(join(dirRel, cap.name));
    }
    for (const [base, imgs] of byBase) {
      if (imgs.length > 1) result.ambiguous.push({ captionRelPath: join(dirRel, base + captionExtension), images: imgs.sort(comparePaths) });
    }
  };

  // Folders are read a few at a time: deep trees benefit, a single flat folder costs one readdir.
  while (queue.length > 0) {
    const batch = queue.splice(0, queue.length);
    await forEachLimit(batch, 16, (d) => visit(d));
  }
  result.images.sort((a, b) => comparePaths(a.relPath, b.relPath));
  result.orphanCaptions.sort(comparePaths);
  result.ambiguous.sort((a, b) => comparePaths(a.captionRelPath, b.captionRelPath));
  return result;
}
