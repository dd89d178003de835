import { aiToolkitTriggerWord } from './ai-toolkit.ts';
import { TRAINER_NAMES, unreadImageReason } from './image-formats.ts';
import { kohyaClassTokens } from './kohya.ts';
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
  /** Every file in the folder and its subfolders, '/'-separated and relative to it (hidden ones left out). */
  files: readonly string[];
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

export type CaptionSource = 'caption' | 'class-tokens' | 'default-caption' | 'none';

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
  const ctx: Ctx = { input, files, captionExtension, trainer };
  const details = input.files.filter(isImageLike).sort().map((image) => readImage(ctx, image));
  if (input.tokenLimit) countTokens(details, input.tokenLimit);
  const images = details.map((d) => d.reading);
  const loaded = images.filter((r) => r.skipped === null);
  const captioned = loaded.filter((r) => r.source === 'caption').length;
  return {
    trainer,
    captionExtension,
    counts: { loaded: loaded.length, captioned, uncaptioned: loaded.length - captioned, skipped: images.length - loaded.length },
    findings: groupFindings(details),
    images,
  };
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
  if (trainer === 'kohya') return readKohya(ctx, image);
  if (trainer === 'ai-toolkit') return readAiToolkit(ctx, image);
  return readOneTrainer(ctx, image);
}

function notUtf8(ctx: Ctx, image: string, captionFile: string, severity: Severity): Detail {
  const stops = severity === 'blocker';
  return {
    reading: { image, skipped: null, captionFile, source: 'caption', trained: [] },
    problems: [
      {
        kind: 'not-utf8',
        severity,
        message: stops
          ? `${TRAINER_NAMES[ctx.trainer]} stops: the caption file is not UTF-8 (UnicodeDecodeError)`
          : `${TRAINER_NAMES[ctx.trainer]} gets garbled or no text: the caption file is not UTF-8`,
      },
    ],
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

function readKohya(ctx: Ctx, image: string): Detail {
  const { input, files } = ctx;
  // `<image base><caption_extension>`, then the base without its last 4 `_`-separated parts when the
  // full path has 5 or more (FACTS 50-51).
  const base = withoutExtension(image);
  const candidates = [base + ctx.captionExtension];
  const root = input.root ? `${input.root.replace(/\/+$/, '')}/` : '';
  const parts = (root + base).split('_');
  if (parts.length >= 5) {
    const alt = parts.slice(0, -4).join('_');
    if (alt.startsWith(root) && alt.length > root.length) candidates.push(alt.slice(root.length) + ctx.captionExtension);
  }
  const captionFile = candidates.find((c) => files.has(c)) ?? null;
  if (captionFile === null) {
    // No caption file: the subset's class_tokens; a DreamBooth folder `10_trigger class` gives class
    // "trigger class" (FACTS 56-57). Tagsmith's dataset.toml sets trigger words + class word.
    const folder = baseName(folderOf(image));
    const dreambooth = /^\d+_(.*)$/.exec(folder);
    const classTokens = dreambooth ? dreambooth[1]! : kohyaClassTokens(input.triggerWords, input.classWord ?? '');
    const what = classTokens ? `the class tokens "${classTokens}"` : 'an empty caption (no class_tokens)';
    return {
      reading: { image, skipped: null, captionFile: null, source: classTokens ? 'class-tokens' : 'none', trained: [classTokens] },
      problems: [{ kind: 'uncaptioned', severity: 'warning', message: `no ${ctx.captionExtension} caption: kohya trains these on ${what}` }, ...ignoredSibling(ctx, image)],
    };
  }
  const text = input.texts.get(captionFile);
  // Opened as UTF-8: anything else raises and stops training (FACTS 52).
  if (text === null || text === undefined) return notUtf8(ctx, image, captionFile, 'blocker');
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
  // `<image base><caption_ext>`; else `default<caption_ext>` or `default.txt` in the folder; else an
  // empty caption (FACTS 71).
  const own = withoutExtension(image) + ctx.captionExtension;
  const fallback = [`default${ctx.captionExtension}`, 'default.txt'].find((f) => files.has(f)) ?? null;
  const captionFile = files.has(own) ? own : fallback;
  const source: CaptionSource = captionFile === own ? 'caption' : captionFile ? 'default-caption' : 'none';
  const problems: Detail['problems'] = [];
  if (source !== 'caption') {
    const what = captionFile ? captionFile : 'an empty caption';
    problems.push({ kind: 'uncaptioned', severity: 'warning', message: `no ${ctx.captionExtension} caption: ai-toolkit trains these on ${what}${input.triggerWords.length ? ' plus the trigger word' : ''}` });
    problems.push(...ignoredSibling(ctx, image));
  }
  const text = captionFile === null ? '' : input.texts.get(captionFile);
  // The file is opened as UTF-8 (non-UTF-8 raises, like kohya's read, FACTS 52 and 72).
  if (text === null || text === undefined) return notUtf8(ctx, image, captionFile!, 'blocker');
  // The WHOLE file, every line and the BOM included (FACTS 72), with Python's newline translation;
  // clean_caption leaves the text as it is.
  const whole = pythonText(text);
  const { text: trained, prepended } = aiToolkitCaption(whole, input.triggerWords);
  problems.push(...bomProblem(ctx, whole));
  if (source === 'caption') {
    if (pyStrip(whole) === '') {
      problems.push({ kind: 'empty-caption', severity: 'warning', message: `the caption is empty: ai-toolkit trains these on ${input.triggerWords.length ? 'the trigger word alone' : 'an empty caption'}` });
    }
    if (whole.split('\n').slice(1).some((l) => pyStrip(l) !== '')) {
      problems.push({ kind: 'extra-lines', severity: 'warning', message: 'ai-toolkit trains the whole file: lines after line 1 are trained too' });
    }
  }
  const trigger = aiToolkitTriggerWord(input.triggerWords);
  if (whole.includes(TRIGGER_PLACEHOLDER) && trigger.trim() === '') {
    problems.push({ kind: 'trigger-removed', severity: 'warning', message: `${TRIGGER_PLACEHOLDER} is replaced by nothing: no trigger_word is set` });
  }
  if (prepended && source === 'caption' && pyStrip(whole) !== '') {
    problems.push({
      kind: 'trigger-prepended',
      severity: 'warning',
      message: `ai-toolkit does not find trigger_word "${trigger}" verbatim after re-joining the tags with ", ", so it puts it in front again`,
    });
  }
  return { reading: { image, skipped: null, captionFile, source, trained: [trained] }, problems };
}

/** get_caption: split at `,` (tokens not stripped), re-joined with ", " (FACTS 73-74). */
const rejoin = (text: string): string => text.split(',').join(', ');

/**
 * The caption ai-toolkit encodes from a file's text (shuffle and dropout off): re-joined (FACTS 73-74),
 * then `[trigger]` and `[name]` replaced by trigger_word, which is put in front with a space when it is
 * not found verbatim (FACTS 74-77). trigger_word is what Tagsmith's YAML writes (ai-toolkit.ts).
 */
export function aiToolkitCaption(text: string, triggerWords: readonly string[]): { text: string; prepended: boolean } {
  const trigger = aiToolkitTriggerWord(triggerWords);
  const caption = rejoin(text).replaceAll('[name]', trigger).replaceAll(TRIGGER_PLACEHOLDER, trigger);
  const prepended = trigger.trim() !== '' && !caption.includes(trigger);
  return { text: prepended ? `${trigger} ${caption}` : caption, prepended };
}

function readOneTrainer(ctx: Ctx, image: string): Detail {
  const { input, files } = ctx;
  const own = withoutExtension(image) + '.txt';
  if (!files.has(own)) {
    // No <image base>.txt (any other extension is ignored, FACTS 81): the prompt is empty.
    return {
      reading: { image, skipped: null, captionFile: null, source: 'none', trained: [''] },
      problems: [{ kind: 'uncaptioned', severity: 'warning', message: 'no .txt caption: OneTrainer trains these on an empty prompt' }, ...ignoredSibling(ctx, image)],
    };
  }
  const text = input.texts.get(own);
  // FACTS does not say how OneTrainer fails on non-UTF-8 text, only that it is not read as the editor shows it.
  if (text === null || text === undefined) return notUtf8(ctx, image, own, 'warning');
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
