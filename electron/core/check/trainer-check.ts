import fs from 'node:fs';
import path from 'node:path';
import { CAPTION_LIKE_EXTENSIONS, isImageLike, readDataset, type MaxTokenLength, type ReadingInput, type TokenLimit, type TrainerReading } from '../../../shared/trainers/reading.ts';
import { checkGeometry, combineCheck, type TrainerCheck } from '../../../shared/trainers/geometry-check.ts';
import type { TrainerFormat } from '../../../shared/trainers/types.ts';
import { AI_TOOLKIT_T5_BUCKET_DIVISIBILITY } from '../../../shared/trainers/buckets.ts';
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
  /** kohya: the folder is its --train_data_dir (ReadingInput.trainDataDir). */
  trainDataDir?: boolean;
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
 * `.txt`, hidden files, 0-byte and non-UTF-8 files) and its bytes, not Tagsmith's pairing.
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
  const { geometry, findings } = checkGeometry(reading.trainer, {
    images,
    unreadable,
    resolution: opts.resolution ?? 1024,
    batchSize: opts.batchSize ?? 1,
    // T5's 512 tokens mean Flux.1 or SD3 (the option's meaning), whose ai-toolkit buckets step by 32.
    aiToolkitDivisibility: opts.maxTokenLength === 512 ? AI_TOOLKIT_T5_BUCKET_DIVISIBILITY : undefined,
  });
  return combineCheck(reading, geometry, findings);
}

/** The folder as the trainer lists it, with the decoded text of every caption-like file. */
export async function readingInput(dataset: Dataset, opts: TrainerCheckOptions = {}): Promise<ReadingInput> {
  const settings = dataset.settings();
  const captionExtension = opts.captionExtension ?? settings.captionExtension;
  const { files, linked, notFiles, loops } = await listFiles(dataset.root);
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
    linked,
    notFiles,
    loops,
    texts,
    captionExtension,
    triggerWords: settings.triggerWords,
    classWord: opts.classWord ?? '',
    rootOnly: opts.rootOnly ?? false,
    trainDataDir: opts.trainDataDir ?? false,
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

/** What the trainers list of the folder (ReadingInput's files, linked and notFiles), '/'-separated. */
interface Listing {
  files: string[];
  linked: Set<string>;
  notFiles: Map<string, 'folder' | 'broken-link'>;
  loops: Array<{ link: string; target: string }>;
}

/**
 * Every file under root, hidden files included (OneTrainer lists them) but nothing in a hidden folder
 * (no trainer descends into one, and .tagsmith/ is there). A symlinked folder is followed, its files
 * marked as linked (only OneTrainer follows it), unless it leads back to a folder being walked.
 * Folders and dangling links named like an image or a caption are kept apart: some trainers open them.
 */
async function listFiles(root: string): Promise<Listing> {
  const listing: Listing = { files: [], linked: new Set(), notFiles: new Map(), loops: [] };
  const named = (name: string) => isImageLike(name) || CAPTION_LIKE_EXTENSIONS.some((ext) => name.endsWith(ext));
  // `walking`: the real path and the relative path of each folder being walked, outermost first.
  const walk = async (abs: string, rel: string, linked: boolean, walking: ReadonlyArray<{ real: string; rel: string }>): Promise<void> => {
    const entries = await fs.promises.readdir(abs, { withFileTypes: true }).catch(() => []);
    for (const ent of entries) {
      const childRel = rel === '' ? ent.name : `${rel}/${ent.name}`;
      const childAbs = path.join(abs, ent.name);
      const hidden = ent.name.startsWith('.');
      const target = ent.isSymbolicLink() ? await fs.promises.stat(childAbs).catch(() => null) : null;
      if (ent.isDirectory() || target?.isDirectory()) {
        if (named(ent.name)) listing.notFiles.set(childRel, 'folder');
        if (hidden) continue;
        const real = await fs.promises.realpath(childAbs).catch(() => null);
        if (real === null) continue;
        const ancestor = walking.find((w) => w.real === real);
        if (ancestor) listing.loops.push({ link: childRel, target: ancestor.rel });
        else await walk(childAbs, childRel, linked || target !== null, [...walking, { real, rel: childRel }]);
      } else if (ent.isFile() || target?.isFile()) {
        listing.files.push(childRel);
        if (linked) listing.linked.add(childRel);
      } else if (ent.isSymbolicLink() && target === null && named(ent.name)) {
        listing.notFiles.set(childRel, 'broken-link');
      }
    }
  };
  await walk(root, '', false, [{ real: await fs.promises.realpath(root).catch(() => root), rel: '' }]);
  listing.files.sort();
  return listing;
}
