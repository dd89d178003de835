import type { LintSettings } from './types.ts';

/** One image of the dataset, in dataset order. */
export interface LintItem {
  /** Image id (path relative to the root). */
  id: string;
  /** The full caption file text; null when the image has no caption file. */
  caption: string | null;
}

export interface LintInput {
  items: readonly LintItem[];
  settings: LintSettings;
  /** The dataset's trigger words, in caption order. */
  triggerWords: readonly string[];
  /** The dataset's N: how many sentences a caption's prose should have. */
  sentences: number;
  /** Tokens of one caption line (CLIP's BPE or the estimate). */
  countTokens: (line: string) => number;
  /** Groups of image ids showing the same picture (perceptual hash); absent when not looked for. */
  sameImages?: readonly (readonly string[])[];
}
