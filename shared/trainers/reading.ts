import { unreadImageReason } from './image-formats.ts';
import { FINDING_KINDS, type FindingKind } from './reading-kinds.ts';
import { readAiToolkit } from './reading-ai-toolkit.ts';
import { folderOf, isHiddenName, isImageLike, type Ctx, type Detail } from './reading-common.ts';
import { readKohya, trainDataDirSkip } from './reading-kohya.ts';
import { oneTrainerListing, readOneTrainer } from './reading-onetrainer.ts';
import type { ImageReading, ReadingFinding, ReadingInput, TokenLimit, TrainerReading } from './reading-common.ts';
import type { TrainerFormat } from './types.ts';

export { FINDING_KINDS, MAX_TOKEN_LENGTHS, type FindingKind, type MaxTokenLength } from './reading-kinds.ts';
export {
  CAPTION_LIKE_EXTENSIONS,
  isImageLike,
  pyStrip,
  type CaptionSource,
  type ImageReading,
  type ReadingCounts,
  type ReadingFinding,
  type ReadingInput,
  type Severity,
  type TokenLimit,
  type TrainerReading,
} from './reading-common.ts';
export { aiToolkitCaption } from './reading-ai-toolkit.ts';
export { kohyaCaptionParts, kohyaShuffledCaption, type KohyaSubsetCaption } from './reading-kohya.ts';

/*
 * What a trainer does with a dataset folder used in place: which images it loads, which caption file
 * it opens for each and the exact text it encodes, before any shuffle or dropout. This file lists the
 * folder as each trainer does; reading-kohya.ts, reading-ai-toolkit.ts and reading-onetrainer.ts read
 * each image. Each rule cites the line of ../shared/FACTS.md ("What each trainer reads"), the comment
 * in image-formats.ts or the trainer's own code it implements; all were checked by running each
 * trainer's loading code on adversarial folders. Everything is pure: the files and their decoded text
 * come in, nothing is read here.
 */

/** What `trainer` loads from the folder, image by image, with the problems grouped by kind. */
export function readDataset(input: ReadingInput, trainer: TrainerFormat): TrainerReading {
  const files = new Set(input.files);
  // OneTrainer prompt source `sample` reads `<image base>.txt` only, whatever else is configured (FACTS 81).
  const captionExtension = trainer === 'onetrainer' ? '.txt' : input.captionExtension;
  const ctx: Ctx = { input, files, captionExtension, trainer };
  const details = listedImages(input, trainer).map((image) => readImage(ctx, image));
  if (input.tokenLimit) countTokens(details, input.tokenLimit);
  const images = details.map((d) => d.reading);
  const loaded = images.filter((r) => r.skipped === null);
  const captioned = loaded.filter((r) => r.source === 'caption').length;
  return {
    trainer,
    captionExtension,
    counts: { loaded: loaded.length, captioned, uncaptioned: loaded.length - captioned, skipped: images.length - loaded.length },
    findings: [...(loaded.length === 0 ? [noImages(trainer, images)] : []), ...groupFindings(details)],
    images,
  };
}

/**
 * Nothing to train on: kohya logs "No data found" and returns before training (train_network.py),
 * ai-toolkit asserts "no images found" (AiToolkitDataset), OneTrainer has no sample to draw.
 */
function noImages(trainer: TrainerFormat, images: readonly ImageReading[]): ReadingFinding {
  const said: Record<TrainerFormat, string> = {
    kohya: 'kohya sd-scripts stops: "No data found" (it loads no image from this folder)',
    'ai-toolkit': 'ai-toolkit stops: "no images found" (it loads no image from this folder)',
    onetrainer: 'OneTrainer loads no image from this folder: there is nothing to train on',
  };
  return { kind: 'no-images', severity: 'blocker', message: said[trainer], images: images.map((r) => r.image) };
}

/**
 * Text past the encoder's limit is cut off and never trained. Counted on `trained`, the exact text the
 * trainer encodes (not the file), and one finding names the images with the worst count, so the message
 * is the same for every image and they group into one finding.
 */
function countTokens(details: readonly Detail[], limit: TokenLimit): void {
  const over: Detail[] = [];
  let worst: { tokens: number; image: string } | null = null;
  for (const d of details) {
    if (d.reading.trained.length === 0) continue;
    const tokens = Math.max(...d.reading.trained.map((t) => limit.count(t)));
    d.reading.tokens = tokens;
    if (tokens <= limit.max) continue;
    over.push(d);
    if (!worst || tokens > worst.tokens) worst = { tokens, image: d.reading.image };
  }
  if (!worst) return;
  const message = `over the ${limit.max}-token limit (${limit.encoder}): the text past it is cut off and not trained; most: ${worst.tokens} tokens (${worst.image})`;
  for (const d of over) d.problems.push({ kind: 'over-token-limit', severity: 'warning', message });
}

/**
 * The image-like names the trainer's own listing finds, sorted. kohya's glob and ai-toolkit's walk
 * skip hidden files; OneTrainer lists them (only hidden folders are skipped) and alone follows a
 * symlinked folder. kohya also globs folders and dangling links whose names end in an image
 * extension, and stops on them (the geometry check reports them as unreadable).
 */
function listedImages(input: ReadingInput, trainer: TrainerFormat): string[] {
  const onetrainer = trainer === 'onetrainer';
  // kohya's --train_data_dir takes symlinked subset folders too (Path.is_dir follows links).
  const followsLinks = onetrainer || (trainer === 'kohya' && input.trainDataDir === true);
  const images = input.files.filter((f) => isImageLike(f) && (onetrainer || !isHiddenName(f)) && (followsLinks || !input.linked?.has(f)));
  if (trainer === 'kohya') {
    for (const p of input.notFiles?.keys() ?? []) if (isImageLike(p) && !isHiddenName(p) && unreadImageReason('kohya', p) === null) images.push(p);
  }
  return images.sort();
}

function readImage(ctx: Ctx, image: string): Detail {
  const { trainer } = ctx;
  const skip = (kind: FindingKind, reason: string): Detail => ({
    reading: { image, skipped: reason, captionFile: null, source: 'none', trained: [] },
    problems: [{ kind, severity: 'warning', message: reason }],
  });
  // Extensions and their case as each trainer's loader matches them (image-formats.ts, from each trainer's source).
  const unread = unreadImageReason(trainer, image);
  if (unread) return skip('skipped-format', unread);
  const nested = folderOf(image) !== '';
  // ai-toolkit walks folder_path recursively (ai-toolkit.ts); kohya reads one folder per subset and
  // never descends (input.ts); OneTrainer descends only with include_subdirectories (onetrainer.ts).
  if (nested && ctx.input.rootOnly && trainer !== 'ai-toolkit') {
    return skip('skipped-subfolder', trainer === 'kohya' ? 'in a subfolder: kohya reads only the files directly in an image_dir' : 'in a subfolder: OneTrainer skips it while include_subdirectories is off');
  }
  if (trainer === 'kohya' && ctx.input.trainDataDir) {
    const outside = trainDataDirSkip(image);
    if (outside) return skip('skipped-subfolder', outside);
  }
  if (trainer === 'kohya') return readKohya(ctx, image);
  if (trainer === 'ai-toolkit') return readAiToolkit(ctx, image);
  const read = readOneTrainer(ctx, image);
  read.problems.push(...oneTrainerListing(ctx, image));
  return read;
}

function groupFindings(details: readonly Detail[]): ReadingFinding[] {
  const groups = new Map<string, ReadingFinding>();
  for (const { reading, problems } of details) {
    for (const p of problems) {
      const key = `${p.kind}\n${p.message}`;
      const group = groups.get(key) ?? { ...p, images: [] };
      groups.set(key, group);
      if (!group.images.includes(reading.image)) group.images.push(reading.image);
    }
  }
  const rank = (f: ReadingFinding) => (f.severity === 'blocker' ? 0 : 1) * FINDING_KINDS.length + FINDING_KINDS.indexOf(f.kind);
  return [...groups.values()].sort((a, b) => rank(a) - rank(b));
}
