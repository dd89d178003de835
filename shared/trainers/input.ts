import type { FolderCaption } from './subsets.ts';
import type { TrainerOptions } from './types.ts';

/** What every generator needs to know about the dataset a trainer will read. */
export interface TrainerConfigInput {
  datasetName: string;
  /** The folder the trainer will read (absolute, as the trainer's machine sees it). */
  imagesDir: string;
  /** Images that will be trained: the repeats calculator divides by it. */
  imageCount: number;
  triggerWords: readonly string[];
  captionExtension: '.txt' | '.caption';
  options: TrainerOptions;
  /**
   * Folders under imagesDir that hold images ('/'-separated, '' = imagesDir itself). kohya reads one
   * folder per subset and never descends into subfolders, so each one becomes its own subset.
   * Default: [''].
   */
  folders?: readonly string[];
  /**
   * The captions the trainer will read (line 1 is enough), by folder: whether they hold sentences and
   * start with the trigger words decides shuffling, keep_tokens and class_tokens per subset.
   * Not given: tags-only captions led by the trigger words are assumed.
   */
  captions?: readonly FolderCaption[];
  /**
   * kohya: the captions were written by an export with kohyaSeparatedCaption (`trigger ||| tags ||| sentences`),
   * so every subset shuffles with keep_tokens_separator. Never for captions in the user's own files.
   */
  keepTokensSeparator?: boolean;
}

/** dir + a '/'-separated relative path, with dir's own separator (a Windows path keeps its backslashes). */
export function joinPath(dir: string, rel: string): string {
  if (rel === '') return dir;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const base = dir.endsWith(sep) ? dir.slice(0, -1) : dir;
  return base + sep + rel.split('/').join(sep);
}

/** One line, safe inside a `#` comment: a dataset name with a line break cannot end the comment. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** A multi-line `#` comment block from lines (yaml and smol-toml take the text without the `#`). */
export function tomlComment(lines: readonly string[]): string {
  return lines.map((l) => `# ${commentText(l)}`.trimEnd()).join('\n');
}
