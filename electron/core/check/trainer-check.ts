import fs from 'node:fs';
import path from 'node:path';
import { CAPTION_LIKE_EXTENSIONS, readDataset, type MaxTokenLength, type ReadingInput, type TokenLimit, type TrainerReading } from '../../../shared/trainers/reading.ts';
import { checkGeometry, combineCheck, type TrainerCheck } from '../../../shared/trainers/geometry-check.ts';
import type { TrainerFormat } from '../../../shared/trainers/types.ts';
import type { Dataset } from '../dataset/dataset.ts';
import { decodeCaption } from '../fs/decode.ts';
import { forEachLimit } from '../fs/parallel.ts';
import { loadTokenCounter } from '../lint/clip-tokenizer.ts';
import { readImageGeometry } from './image-geometry.ts';

export interface TrainerCheckOptions {
  /** The caption extension the trainer is configured with; default: the dataset's. */
  captionExtension?: string;
  classWord?: string;
  rootOnly?: boolean;
  /** Usable tokens of the text encoder (default 75, CLIP's window); null: tokens are not counted. */
  maxTokenLength?: MaxTokenLength | null;
  /** Training resolution the buckets are formed at (default 1024, as TrainerOptions). */
  resolution?: number;
  /** Batch size: a bucket holding fewer images is a finding (default 1). */
  batchSize?: number;
}

/**
 * What a trainer would load from the dataset folder in place. The folder is listed again here rather
 * than taken from the dataset's scan: a trainer sees every caption-like file (a `.caption` beside a
 * `.txt`, `default.txt`, 0-byte and non-UTF-8 files) and its bytes, not Tagsmith's pairing.
 */
export async function checkTrainer(dataset: Dataset, trainer: TrainerFormat, opts: TrainerCheckOptions = {}): Promise<TrainerCheck> {
  const input = await readingInput(dataset, opts);
  const max = opts.maxTokenLength === undefined ? 75 : opts.maxTokenLength;
  const reading = readDataset(max === null ? input : { ...input, tokenLimit: await tokenLimit(dataset.root, max) }, trainer);
  return withGeometry(dataset.root, reading, opts);
}

/** The buckets the trainer forms from the images it loads (sizes from their headers), and what their pixels do to training. */
async function withGeometry(root: string, reading: TrainerReading, opts: TrainerCheckOptions): Promise<TrainerCheck> {
  const loaded = reading.images.filter((i) => i.skipped === null).map((i) => i.image);
  const { images, unreadable } = await readImageGeometry(root, loaded);
  const { geometry, findings } = checkGeometry(reading.trainer, { images, unreadable, resolution: opts.resolution ?? 1024, batchSize: opts.batchSize ?? 1 });
  return combineCheck(reading, geometry, findings);
}

/** The folder as the trainer lists it, with the decoded text of every caption-like file. */
export async function readingInput(dataset: Dataset, opts: TrainerCheckOptions = {}): Promise<ReadingInput> {
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
  return input;
}

/**
 * The counter the lint uses: CLIP's own BPE with the cleaning kohya's tokenizer does. T5 is not shipped,
 * so at 512 the CLIP count stands in for it and the message says so.
 */
async function tokenLimit(root: string, max: MaxTokenLength): Promise<TokenLimit> {
  const counter = await loadTokenCounter(root);
  const estimated = counter.kind === 'estimate' ? ', estimated: no CLIP vocabulary could be read' : '';
  const encoder = max === 512 ? "T5, counted with CLIP's tokenizer as an approximation" : `CLIP${max > 75 ? `, max_token_length ${max}` : ''}`;
  return { max, count: (text) => counter.countTokens(text), encoder: encoder + estimated };
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
