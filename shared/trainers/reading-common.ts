import { TRAINER_NAMES } from './image-formats.ts';
import { TRIGGER_PLACEHOLDER } from './caption.ts';
import type { FindingKind } from './reading-kinds.ts';
import type { FolderCaption } from './subsets.ts';
import type { TrainerFormat } from './types.ts';

/*
 * The shapes of a trainer reading (reading.ts) and what every trainer's reader shares: Python's text
 * handling, the per-image facts, and the problems more than one trainer has.
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
export const folderOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')));
export const withoutExtension = (path: string): string => {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') + 1 ? path.slice(0, dot) : path;
};

// Python's str.strip() whitespace (str.isspace): unlike JS trim() it does NOT include U+FEFF, which
// is why a BOM survives `.strip()` in every trainer, and it does include \x1c-\x1f and \x85.
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');
export const pyStrip = (s: string): string => s.replace(PY_STRIP, '');

/** The text a Python text-mode read gives (universal newlines: \r\n and a lone \r become \n). */
export const pythonText = (text: string): string => text.replace(/\r\n?/g, '\n');
/** Python's readlines(): lines keep their \n; a 0-byte file has none. */
export const pythonLines = (text: string): string[] => pythonText(text).match(/[^\n]*\n|[^\n]+$/g) ?? [];

const BOM = '\uFEFF';

/** Per-image facts the findings are built from, beside what the trainer encodes. */
export interface Detail {
  reading: ImageReading;
  problems: Array<{ kind: FindingKind; severity: Severity; message: string }>;
}

export interface Ctx {
  input: ReadingInput;
  files: ReadonlySet<string>;
  captionExtension: string;
  trainer: TrainerFormat;
  /**
   * kohya: the caption texts it opens, by folder, gathered in one pass when first needed, and each
   * folder's class_tokens as Tagsmith's dataset.toml writes them, worked out once.
   */
  kohyaFolders?: { captions: Map<string, FolderCaption[]>; classTokens: Map<string, string> };
}

export const isHiddenName = (path: string): boolean => baseName(path).startsWith('.');

/** ai-toolkit and OneTrainer open a caption path that exists: a folder there raises IsADirectoryError and stops training. */
export function captionIsFolder(ctx: Ctx, image: string, captionPath: string): Detail | null {
  if (ctx.input.notFiles?.get(captionPath) !== 'folder') return null;
  return {
    reading: { image, skipped: null, captionFile: captionPath, source: 'caption', trained: [] },
    problems: [{ kind: 'caption-not-a-file', severity: 'blocker', message: `${TRAINER_NAMES[ctx.trainer]} stops: the caption path is a folder (IsADirectoryError)` }],
  };
}

/** Every trainer opens captions as UTF-8, and nothing catches the error: training stops. */
export function notUtf8(ctx: Ctx, image: string, captionFile: string): Detail {
  return {
    reading: { image, skipped: null, captionFile, source: 'caption', trained: [] },
    problems: [{ kind: 'not-utf8', severity: 'blocker', message: `${TRAINER_NAMES[ctx.trainer]} stops: the caption file is not UTF-8 (UnicodeDecodeError)` }],
  };
}

/** A caption file of another extension next to an image the trainer reads no caption for. */
export function ignoredSibling(ctx: Ctx, image: string): Detail['problems'] {
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

export function bomProblem(ctx: Ctx, text: string): Detail['problems'] {
  // kohya and ai-toolkit open captions as plain UTF-8, so a BOM stays glued to the first tag (FACTS 53, 72).
  // OneTrainer's text loader is not in FACTS; a Python UTF-8 read keeps the BOM the same way.
  if (!text.startsWith(BOM)) return [];
  return [{ kind: 'bom', severity: 'warning', message: `the UTF-8 BOM stays glued to the first tag in what ${TRAINER_NAMES[ctx.trainer]} trains` }];
}

export const LITERAL_PLACEHOLDER: Detail['problems'][number] = {
  kind: 'literal-placeholder',
  severity: 'warning',
  message: `${TRIGGER_PLACEHOLDER} is trained literally: only ai-toolkit replaces it with its trigger_word`,
};
