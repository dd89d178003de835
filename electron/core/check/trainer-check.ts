import fs from 'node:fs';
import path from 'node:path';
import { CAPTION_LIKE_EXTENSIONS, readDataset, type ReadingInput, type TrainerReading } from '../../../shared/trainers/reading.ts';
import type { TrainerFormat } from '../../../shared/trainers/types.ts';
import type { Dataset } from '../dataset/dataset.ts';
import { decodeCaption } from '../fs/decode.ts';
import { forEachLimit } from '../fs/parallel.ts';

export interface TrainerCheckOptions {
  /** The caption extension the trainer is configured with; default: the dataset's. */
  captionExtension?: string;
  classWord?: string;
  rootOnly?: boolean;
}

/**
 * What a trainer would load from the dataset folder in place. The folder is listed again here rather
 * than taken from the dataset's scan: a trainer sees every caption-like file (a `.caption` beside a
 * `.txt`, `default.txt`, 0-byte and non-UTF-8 files) and its bytes, not Tagsmith's pairing.
 */
export async function checkTrainer(dataset: Dataset, trainer: TrainerFormat, opts: TrainerCheckOptions = {}): Promise<TrainerReading> {
  const settings = dataset.settings();
  const captionExtension = opts.captionExtension ?? settings.captionExtension;
  const files = await listFiles(dataset.root);
  const readable = new Set<string>([...CAPTION_LIKE_EXTENSIONS, captionExtension]);
  const texts = new Map<string, string | null>();
  await forEachLimit(
    files.filter((f) => [...readable].some((ext) => f.endsWith(ext))),
    16,
    async (rel) => {
      const bytes = await fs.promises.readFile(path.join(dataset.root, ...rel.split('/'))).catch(() => null);
      if (!bytes) return;
      const decoded = decodeCaption(bytes);
      texts.set(rel, decoded.ok ? decoded.value : null);
    },
  );
  const input: ReadingInput = {
    files,
    texts,
    captionExtension,
    triggerWords: settings.triggerWords,
    classWord: opts.classWord ?? '',
    rootOnly: opts.rootOnly ?? false,
    root: dataset.root.split(path.sep).join('/'),
  };
  return readDataset(input, trainer);
}

/**
 * Every regular file under root, '/'-separated. Hidden entries are left out as the dataset scan
 * leaves them out (kohya's glob skips them too); symlinked folders are not followed.
 */
async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await fs.promises.readdir(abs, { withFileTypes: true }).catch(() => []);
    for (const ent of entries) {
      if (ent.name.startsWith('.')) continue;
      const childRel = rel === '' ? ent.name : `${rel}/${ent.name}`;
      const childAbs = path.join(abs, ent.name);
      if (ent.isDirectory()) await walk(childAbs, childRel);
      else if (ent.isFile()) out.push(childRel);
      else if (ent.isSymbolicLink() && (await fs.promises.stat(childAbs).catch(() => null))?.isFile()) out.push(childRel);
    }
  };
  await walk(root, '');
  return out.sort();
}
