import { aiToolkitTriggerSetting } from './ai-toolkit.ts';
import { TRAINER_NAMES, unreadImageReason } from './image-formats.ts';
import { kohyaClassTokens, kohyaSubsetClassTokens } from './kohya.ts';
import { subsetCaptions } from './subsets.ts';
import { TRIGGER_PLACEHOLDER } from './caption.ts';
import { FINDING_KINDS, type FindingKind } from './reading-kinds.ts';
import type { TrainerFormat } from './types.ts';

export { FINDING_KINDS, MAX_TOKEN_LENGTHS, type FindingKind, type MaxTokenLength } from './reading-kinds.ts';

/*
 * What a trainer does with a dataset folder used in place: which images it loads, which caption file
 * it opens for each and the exact text it encodes, before any shuffle or dropout. Each rule cites the
 * line of ../shared/FACTS.md ("What each trainer reads") or the comment in image-formats.ts it
 * implements. Everything is pure: the files and their decoded text come in, nothing is read here.
 */

export interface ReadingInput {
  /**
   * Every file in the folder and its subfolders, '/'-separated and relative to it: hidden files too
   * (OneTrainer lists them), never what is in a hidden folder (no trainer descends into one).
   */
  files: readonly string[];
  /** Files reached through a symlinked folder: only OneTrainer follows such a link (mgds CollectPaths). */
  linked?: ReadonlySet<string>;
  /**
   * Entries named like an image or a caption that are not a readable file: folders and dangling
   * symlinks. kohya opens every name ending in an image extension; ai-toolkit and OneTrainer open a
   * caption path that exists, a folder included.
   */
  notFiles?: ReadonlyMap<string, 'folder' | 'broken-link'>;
  /**
   * Symlinked folders that lead back to a folder above them ('' = the dataset folder), listed once
   * here. OneTrainer follows them level after level until the system stops resolving the path.
   */
  loops?: ReadonlyArray<{ link: string; target: string }>;
  /**
   * The text of caption-like files: decoded UTF-8 with a BOM kept as U+FEFF ('' = a 0-byte file), or
   * null when the bytes are not valid UTF-8. A file absent here is treated as not readable text.
   */
  texts: ReadonlyMap<string, string | null>;
  /** The caption extension the trainer is configured with (Tagsmith's configs write the dataset's). */
  captionExtension: string;
  triggerWords: readonly string[];
  /** kohya: the class word after the trigger words in the subset's class_tokens (Tagsmith's dataset.toml). */
  classWord?: string;
  /**
   * true: the trainer is pointed at the folder alone (one kohya image_dir, OneTrainer without
   * include_subdirectories). false (default): Tagsmith's configs, one kohya subset per folder and
   * OneTrainer's include_subdirectories on.
   */
  rootOnly?: boolean;
  /**
   * kohya only: the folder is kohya's --train_data_dir (kohya_ss's layout). Only its direct subfolders
   * named `<repeats>_<class tokens>` are read, each as a subset with the class tokens of its name.
   */
  trainDataDir?: boolean;
  /** The folder's absolute path ('/'-separated): kohya's alternative caption name splits the full path. */
  root?: string;
  /** Counts the tokens of each trained text against the text encoder's limit; absent: no counting. */
  tokenLimit?: TokenLimit;
}

/**
 * A text encoder's limit and a counter for it. The counter comes in (the CLIP vocabulary is read from
 * disk by the caller) so this file stays pure.
 */
export interface TokenLimit {
  /** Usable tokens, start/end excluded: kohya's max_token_length (75, 150, 225) or T5's 512. */
  max: number;
  count: (text: string) => number;
  /** What is counted and how, for the message, e.g. `CLIP, kohya max_token_length 150`. */
  encoder: string;
}

export type CaptionSource = 'caption' | 'class-tokens' | 'none';

export interface ImageReading {
  image: string;
  /** Why the trainer leaves the image out; null: it loads it. */
  skipped: string | null;
  /** The caption file the trainer opens, null: none. */
  captionFile: string | null;
  source: CaptionSource;
  /**
   * The exact texts the trainer encodes for this image: one for kohya and ai-toolkit, every candidate
   * line for OneTrainer (one is picked at random per step). [] when skipped or when training stops.
   */
  trained: string[];
  /** With a tokenLimit: the most tokens among `trained` (what the text encoder sees before it cuts). */
  tokens?: number;
}

export type Severity = 'blocker' | 'warning';

export interface ReadingFinding {
  kind: FindingKind;
  severity: Severity;
  message: string;
  images: string[];
}

export interface ReadingCounts {
  /** Images the trainer loads (captioned + uncaptioned). */
  loaded: number;
  /** Loaded images with a caption file of their own that the trainer reads. */
  captioned: number;
  uncaptioned: number;
  /** Image files it never loads. */
  skipped: number;
}

export interface TrainerReading {
  trainer: TrainerFormat;
  captionExtension: string;
  counts: ReadingCounts;
  /** Blockers first, then warnings; one finding per kind and message. */
  findings: ReadingFinding[];
  images: ImageReading[];
}

/** Files Tagsmith shows as images (electron/core/dataset/scan.ts) plus .jxl: every one is checked against each trainer's list. */
const IMAGE_LIKE = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp', 'avif', 'tiff', 'tif', 'jxl']);

export const CAPTION_LIKE_EXTENSIONS = ['.txt', '.caption'] as const;

export function isImageLike(path: string): boolean {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 && IMAGE_LIKE.has(name.slice(dot + 1).toLowerCase());
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const folderOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')));
const withoutExtension = (path: string): string => {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') + 1 ? path.slice(0, dot) : path;
};

// Python's str.strip() whitespace (str.isspace): unlike JS trim() it does NOT include U+FEFF, which
// is why a BOM survives `.strip()` in every trainer, and it does include \x1c-\x1f and \x85.
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');
export const pyStrip = (s: string): string => s.replace(PY_STRIP, '');

/** The text a Python text-mode read gives (universal newlines: \r\n and a lone \r become \n). */
const pythonText = (text: string): string => text.replace(/\r\n?/g, '\n');
/** Python's readlines(): lines keep their \n; a 0-byte file has none. */
const pythonLines = (text: string): string[] => pythonText(text).match(/[^\n]*\n|[^\n]+$/g) ?? [];

const BOM = '\uFEFF';

/** Per-image facts the findings are built from, beside what the trainer encodes. */
interface Detail {
  reading: ImageReading;
  problems: Array<{ kind: FindingKind; severity: Severity; message: string }>;
}

/** What `trainer` loads from the folder, image by image, with the problems grouped by kind. */
export function readDataset(input: ReadingInput, trainer: TrainerFormat): TrainerReading {
  const files = new Set(input.files);
  // OneTrainer prompt source `sample` reads `<image base>.txt` only, whatever else is configured (FACTS 81).
  const captionExtension = trainer === 'onetrainer' ? '.txt' : input.captionExtension;
  const ctx: Ctx = { input, files, captionExtension, trainer, folderClassTokens: new Map() };
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

interface Ctx {
  input: ReadingInput;
  files: ReadonlySet<string>;
  captionExtension: string;
  trainer: TrainerFormat;
  /** kohya: each folder's class_tokens as Tagsmith's dataset.toml writes them, worked out once. */
  folderClassTokens: Map<string, string>;
}

const isHiddenName = (path: string): boolean => baseName(path).startsWith('.');

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
  if (read.reading.skipped === null) read.problems.push(...oneTrainerListing(ctx, image));
  return read;
}

/** An image OneTrainer trains that the editor does not show (hidden, or behind a symlinked folder), or trains many times over. */
function oneTrainerListing(ctx: Ctx, image: string): Detail['problems'] {
  const problems: Detail['problems'] = [];
  if (isHiddenName(image)) {
    problems.push({ kind: 'unseen-image', severity: 'warning', message: 'hidden (the name starts with a dot): Tagsmith does not show it, but OneTrainer trains it' });
  } else if (ctx.input.linked?.has(image)) {
    problems.push({ kind: 'unseen-image', severity: 'warning', message: 'in a symlinked folder: Tagsmith does not show it, but OneTrainer follows the link and trains it' });
  }
  // Without include_subdirectories (rootOnly) OneTrainer never enters the link.
  for (const { link, target } of ctx.input.rootOnly ? [] : (ctx.input.loops ?? [])) {
    if (target !== '' && !image.startsWith(`${target}/`)) continue;
    problems.push({
      kind: 'symlink-loop',
      severity: 'warning',
      message: `the symlinked folder "${link}" leads back to ${target === '' ? 'the dataset folder' : `"${target}"`}: OneTrainer lists these images again at every level of the loop (about 40 times), so they train that much more`,
    });
  }
  return problems;
}

/** ai-toolkit and OneTrainer open a caption path that exists: a folder there raises IsADirectoryError and stops training. */
function captionIsFolder(ctx: Ctx, image: string, captionPath: string): Detail | null {
  if (ctx.input.notFiles?.get(captionPath) !== 'folder') return null;
  return {
    reading: { image, skipped: null, captionFile: captionPath, source: 'caption', trained: [] },
    problems: [{ kind: 'caption-not-a-file', severity: 'blocker', message: `${TRAINER_NAMES[ctx.trainer]} stops: the caption path is a folder (IsADirectoryError)` }],
  };
}

/** Every trainer opens captions as UTF-8, and nothing catches the error: training stops. */
function notUtf8(ctx: Ctx, image: string, captionFile: string): Detail {
  return {
    reading: { image, skipped: null, captionFile, source: 'caption', trained: [] },
    problems: [{ kind: 'not-utf8', severity: 'blocker', message: `${TRAINER_NAMES[ctx.trainer]} stops: the caption file is not UTF-8 (UnicodeDecodeError)` }],
  };
}

/** A caption file of another extension next to an image the trainer reads no caption for. */
function ignoredSibling(ctx: Ctx, image: string): Detail['problems'] {
  const base = withoutExtension(image);
  const other = CAPTION_LIKE_EXTENSIONS.filter((ext) => ext !== ctx.captionExtension).find((ext) => ctx.files.has(base + ext));
  if (!other) return [];
  const only = ctx.trainer === 'onetrainer' ? ' only' : '';
  return [
    {
      kind: 'ignored-caption-file',
      severity: 'warning',
      message: `${other} caption files are ignored: ${TRAINER_NAMES[ctx.trainer]} reads${only} <image>${ctx.captionExtension}`,
    },
  ];
}

function bomProblem(ctx: Ctx, text: string): Detail['problems'] {
  // kohya and ai-toolkit open captions as plain UTF-8, so a BOM stays glued to the first tag (FACTS 53, 72).
  // OneTrainer's text loader is not in FACTS; a Python UTF-8 read keeps the BOM the same way.
  if (!text.startsWith(BOM)) return [];
  return [{ kind: 'bom', severity: 'warning', message: `the UTF-8 BOM stays glued to the first tag in what ${TRAINER_NAMES[ctx.trainer]} trains` }];
}

/**
 * The caption file kohya opens for an image: `<image base><caption_extension>`, then the base without
 * its last 4 `_`-separated parts when the full path has 5 or more (FACTS 50-51); null: none.
 */
function kohyaCaptionFile(ctx: Ctx, image: string): string | null {
  const base = withoutExtension(image);
  const candidates = [base + ctx.captionExtension];
  const root = ctx.input.root ? `${ctx.input.root.replace(/\/+$/, '')}/` : '';
  const parts = (root + base).split('_');
  if (parts.length >= 5) {
    const alt = parts.slice(0, -4).join('_');
    if (alt.startsWith(root) && alt.length > root.length) candidates.push(alt.slice(root.length) + ctx.captionExtension);
  }
  return candidates.find((c) => ctx.files.has(c)) ?? null;
}

/**
 * kohya with --train_data_dir (config_util.generate_dreambooth_subsets_config_by_subdirs): each direct
 * subfolder whose name splits at `_` into a whole number of at least 1 (Python's int(): surrounding
 * spaces and a sign allowed) and the class tokens is a subset; other folders are ignored, and a subset
 * reads only the files directly in it. Null: the image is read; else why not.
 */
function trainDataDirSkip(image: string): string | null {
  const parts = image.split('/');
  if (parts.length === 1) return 'in the folder itself: with --train_data_dir kohya reads only its <repeats>_<class> subfolders';
  const repeats = trainDataDirRepeats(parts[0]!);
  if (repeats === null || repeats < 1) return `in "${parts[0]}", which is not named <repeats>_<class>: kohya ignores the folder`;
  if (parts.length > 2) return `in a subfolder of "${parts[0]}": kohya reads only the files directly in each <repeats>_<class> folder`;
  return null;
}

/** The repeats kohya's int() reads from a folder name's part before its first `_`, or null when it raises. */
function trainDataDirRepeats(name: string): number | null {
  const head = pyStrip(name.split('_')[0]!);
  return /^[+-]?\d+$/.test(head) ? Number(head) : null;
}

/**
 * The class_tokens kohya trains an uncaptioned image on (FACTS 56-57). Pointed at the folder alone
 * (rootOnly), the user's own subset: the trigger words and class word. With Tagsmith's dataset.toml,
 * what it writes for the image's folder (kohya.ts), which depends on the folder's captions, here the
 * ones kohya opens.
 */
function kohyaImageClassTokens(ctx: Ctx, folder: string): string {
  const { input } = ctx;
  // --train_data_dir: the name after its first `_`, as it is.
  if (input.trainDataDir) return folder.slice(folder.indexOf('_') + 1);
  if (input.rootOnly) return kohyaClassTokens(input.triggerWords, input.classWord ?? '');
  let tokens = ctx.folderClassTokens.get(folder);
  if (tokens === undefined) {
    const captions = input.files
      .filter((f) => isImageLike(f) && folderOf(f) === folder && !isHiddenName(f) && unreadImageReason('kohya', f) === null)
      .flatMap((image) => {
        const file = kohyaCaptionFile(ctx, image);
        const text = file === null ? null : input.texts.get(file);
        return typeof text === 'string' ? [{ folder, text }] : [];
      });
    const { triggersLead } = subsetCaptions(captions, folder, input.triggerWords);
    tokens = kohyaSubsetClassTokens(folder, triggersLead, input.triggerWords, input.classWord ?? '');
    ctx.folderClassTokens.set(folder, tokens);
  }
  return tokens;
}

function readKohya(ctx: Ctx, image: string): Detail {
  const { input } = ctx;
  const captionFile = kohyaCaptionFile(ctx, image);
  if (captionFile === null) {
    const classTokens = kohyaImageClassTokens(ctx, folderOf(image));
    const what = classTokens ? `the class tokens "${classTokens}"` : 'an empty caption (no class_tokens)';
    return {
      reading: { image, skipped: null, captionFile: null, source: classTokens ? 'class-tokens' : 'none', trained: [classTokens] },
      problems: [{ kind: 'uncaptioned', severity: 'warning', message: `no ${ctx.captionExtension} caption: kohya trains these on ${what}` }, ...ignoredSibling(ctx, image)],
    };
  }
  const text = input.texts.get(captionFile);
  // Opened as UTF-8: anything else raises and stops training (FACTS 52).
  if (text === null || text === undefined) return notUtf8(ctx, image, captionFile);
  const lines = pythonLines(text);
  // A 0-byte file fails an assert ("caption file is empty") and stops training (FACTS 52-53).
  if (lines.length === 0) {
    return {
      reading: { image, skipped: null, captionFile, source: 'caption', trained: [] },
      problems: [{ kind: 'caption-file-empty', severity: 'blocker', message: 'kohya stops: "caption file is empty" (0-byte caption file)' }],
    };
  }
  // Without enable_wildcard: only line 1, `.strip()`ed (FACTS 54); a blank line 1 trains on an empty caption (FACTS 57).
  const caption = pyStrip(lines[0]!);
  const problems: Detail['problems'] = [...bomProblem(ctx, caption)];
  if (caption === '') problems.push({ kind: 'empty-caption', severity: 'warning', message: 'line 1 is blank: kohya trains these on an empty caption' });
  if (caption.includes(TRIGGER_PLACEHOLDER)) problems.push(LITERAL_PLACEHOLDER);
  return { reading: { image, skipped: null, captionFile, source: 'caption', trained: [caption] }, problems };
}

const LITERAL_PLACEHOLDER: Detail['problems'][number] = {
  kind: 'literal-placeholder',
  severity: 'warning',
  message: `${TRIGGER_PLACEHOLDER} is trained literally: only ai-toolkit replaces it with its trigger_word`,
};

function readAiToolkit(ctx: Ctx, image: string): Detail {
  const { input, files } = ctx;
  // `<image base><caption_ext>`, else the config's default_caption, which Tagsmith does not write: an
  // empty caption. (FACTS 71 also names `default.txt`, but only CaptionMixin.get_caption_item reads
  // that, for ai-toolkit's VAE and slider datasets; the sd_trainer's FileItemDTO.load_caption does not.)
  const own = withoutExtension(image) + ctx.captionExtension;
  const inFolder = captionIsFolder(ctx, image, own);
  if (inFolder) return inFolder;
  const captionFile = files.has(own) ? own : null;
  const source: CaptionSource = captionFile ? 'caption' : 'none';
  const trigger = aiToolkitTriggerSetting(input.triggerWords) ?? '';
  const problems: Detail['problems'] = [];
  if (source !== 'caption') {
    problems.push({ kind: 'uncaptioned', severity: 'warning', message: `no ${ctx.captionExtension} caption: ai-toolkit trains these on ${trigger ? 'the trigger word alone' : 'an empty caption'}` });
    problems.push(...ignoredSibling(ctx, image));
  }
  const text = captionFile === null ? '' : input.texts.get(captionFile);
  // The file is opened as UTF-8 (non-UTF-8 raises, like kohya's read, FACTS 52 and 72).
  if (text === null || text === undefined) return notUtf8(ctx, image, captionFile!);
  // The WHOLE file, every line and the BOM included (FACTS 72), with Python's newline translation;
  // clean_caption leaves the text as it is.
  const whole = pythonText(text);
  const { text: trained, prepended } = aiToolkitCaption(whole, input.triggerWords);
  problems.push(...bomProblem(ctx, whole));
  if (source === 'caption') {
    if (pyStrip(whole) === '') {
      problems.push({ kind: 'empty-caption', severity: 'warning', message: `the caption is empty: ai-toolkit trains these on ${trigger ? 'the trigger word alone' : 'an empty caption'}` });
    }
    if (whole.split('\n').slice(1).some((l) => pyStrip(l) !== '')) {
      problems.push({ kind: 'extra-lines', severity: 'warning', message: 'ai-toolkit trains the whole file: lines after line 1 are trained too' });
    }
  }
  if (whole.includes(TRIGGER_PLACEHOLDER) && trigger.trim() === '') {
    const why = input.triggerWords.length > 1 ? `Tagsmith writes no trigger_word for ${input.triggerWords.length} trigger words` : 'no trigger_word is set';
    problems.push({ kind: 'trigger-removed', severity: 'warning', message: `${TRIGGER_PLACEHOLDER} is replaced by nothing: ${why}` });
  }
  if (prepended && source === 'caption' && pyStrip(whole) !== '') {
    problems.push({
      kind: 'trigger-prepended',
      severity: 'warning',
      message: `ai-toolkit does not find trigger_word "${trigger}" verbatim after re-joining the tags with ", ", so it puts it in front again`,
    });
  }
  if (!prepended && trigger.trim() !== '' && !hasWord(trained, trigger)) {
    problems.push({
      kind: 'trigger-inside-word',
      severity: 'warning',
      message: `trigger_word "${trigger}" is found only inside a longer word, so ai-toolkit does not add it: these train without it`,
    });
  }
  return { reading: { image, skipped: null, captionFile, source, trained: [trained] }, problems };
}

/** `word` stands in `text` on its own somewhere: no letter, digit or `_` right before or after it. */
function hasWord(text: string, word: string): boolean {
  const inWord = /[\p{L}\p{N}_]/u;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1];
    const after = text[at + word.length];
    if ((before === undefined || !inWord.test(before)) && (after === undefined || !inWord.test(after))) return true;
  }
  return false;
}

/** get_caption: split at `,` (tokens not stripped), re-joined with ", " (FACTS 73-74). */
const rejoin = (text: string): string => text.split(',').join(', ');

/**
 * The caption ai-toolkit encodes from a file's text (shuffle and dropout off): re-joined (FACTS 73-74),
 * then `[trigger]` and `[name]` replaced by trigger_word, which is put in front with a space when it is
 * not found verbatim (FACTS 74-77). trigger_word is what Tagsmith's YAML writes (ai-toolkit.ts): the
 * one trigger word, or none for several.
 */
export function aiToolkitCaption(text: string, triggerWords: readonly string[]): { text: string; prepended: boolean } {
  const trigger = aiToolkitTriggerSetting(triggerWords) ?? '';
  const caption = rejoin(text).replaceAll('[name]', trigger).replaceAll(TRIGGER_PLACEHOLDER, trigger);
  const prepended = trigger.trim() !== '' && !caption.includes(trigger);
  return { text: prepended ? `${trigger} ${caption}` : caption, prepended };
}

function readOneTrainer(ctx: Ctx, image: string): Detail {
  const { input, files } = ctx;
  const own = withoutExtension(image) + '.txt';
  const inFolder = captionIsFolder(ctx, image, own);
  if (inFolder) return inFolder;
  if (!files.has(own)) {
    // No <image base>.txt (any other extension is ignored, FACTS 81): the prompt is empty.
    return {
      reading: { image, skipped: null, captionFile: null, source: 'none', trained: [''] },
      problems: [{ kind: 'uncaptioned', severity: 'warning', message: 'no .txt caption: OneTrainer trains these on an empty prompt' }, ...ignoredSibling(ctx, image)],
    };
  }
  const text = input.texts.get(own);
  // mgds LoadMultipleTexts reads UTF-8 and raises "Failed to load caption file … non-UTF-8 characters"; nothing catches it.
  if (text === null || text === undefined) return notUtf8(ctx, image, own);
  // Every non-empty line is a candidate, one picked at random per step (FACTS 82-83).
  const lines = pythonText(text).split('\n').map(pyStrip);
  const candidates = lines.filter((l) => l !== '');
  const problems: Detail['problems'] = [...bomProblem(ctx, candidates[0] ?? '')];
  if (candidates.length === 0) problems.push({ kind: 'empty-caption', severity: 'warning', message: 'the caption has no non-empty line: OneTrainer trains these on an empty prompt' });
  if (lines.slice(1).some((l) => l !== '')) {
    problems.push({ kind: 'extra-lines', severity: 'warning', message: 'OneTrainer picks one non-empty line at random per step: lines after line 1 are trained in its place' });
  }
  if (candidates.some((c) => c.includes(TRIGGER_PLACEHOLDER))) problems.push(LITERAL_PLACEHOLDER);
  return { reading: { image, skipped: null, captionFile: own, source: 'caption', trained: candidates.length ? candidates : [''] }, problems };
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

/** A kohya subset's caption settings, as Tagsmith's dataset.toml writes them. */
export interface KohyaSubsetCaption {
  shuffle_caption: boolean;
  keep_tokens: number;
  keep_tokens_separator?: string;
}

/**
 * What kohya's shuffle does to line 1 of a caption (FACTS 58-65): split at `,`, tokens stripped; with
 * keep_tokens_separator in the caption, the part before it is fixed in front, the part after a second
 * one is a fixed suffix and only the middle is shuffled (keep_tokens ignored); otherwise the first
 * keep_tokens tokens are fixed. `shuffled` is the part that moves. Without shuffle_caption the caption
 * is used as is (a separator in it is trained literally): everything is fixed.
 */
export function kohyaCaptionParts(caption: string, subset: KohyaSubsetCaption): { fixed: string[]; shuffled: string[]; suffix: string[] } {
  if (!subset.shuffle_caption) return { fixed: [caption], shuffled: [], suffix: [] };
  const tokens = (part: string) => part.split(',').map(pyStrip).filter((t) => t !== '');
  const sep = subset.keep_tokens_separator;
  if (sep && caption.includes(sep)) {
    const at = caption.indexOf(sep);
    let flex = caption.slice(at + sep.length);
    let suffix: string[] = [];
    const second = flex.indexOf(sep);
    if (second >= 0) {
      suffix = tokens(flex.slice(second + sep.length));
      flex = flex.slice(0, second);
    }
    return { fixed: tokens(caption.slice(0, at)), shuffled: tokens(flex), suffix };
  }
  const all = pyStrip(caption).split(',').map(pyStrip);
  const keep = Math.max(0, subset.keep_tokens);
  return { fixed: all.slice(0, keep), shuffled: all.slice(keep), suffix: [] };
}

/** The text kohya encodes after its shuffle, with `order` standing in for random.shuffle (joined with ", "). */
export function kohyaShuffledCaption(caption: string, subset: KohyaSubsetCaption, order: (tokens: string[]) => string[] = (t) => t): string {
  if (!subset.shuffle_caption) return caption;
  const { fixed, shuffled, suffix } = kohyaCaptionParts(caption, subset);
  return [...fixed, ...order([...shuffled]), ...suffix].join(', ');
}
