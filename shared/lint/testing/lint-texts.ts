import { estimateClipTokens } from '../../clip/estimate.ts';
import { lintCaptions, type LintInput } from '../index.ts';
import { LintSettingsSchema, type LintFinding, type LintSettingsInput } from '../types.ts';

/**
 * Lints caption texts (null = no caption file) named `a.png`, `b.png`... (past `z`, `i26.png`...)
 * with default settings, no trigger words and N = 3 unless overridden: the tests' shorthand.
 */
export function lintTexts(
  captions: readonly (string | null)[],
  options: { settings?: LintSettingsInput; triggerWords?: string[]; sentences?: number; sameImages?: string[][] } = {},
): ReturnType<typeof lintCaptions> {
  return lintCaptions(inputFor(captions, options));
}

export function inputFor(
  captions: readonly (string | null)[],
  options: { settings?: LintSettingsInput; triggerWords?: string[]; sentences?: number; sameImages?: string[][] } = {},
): LintInput {
  return {
    items: captions.map((caption, i) => ({ id: idOf(i), caption })),
    settings: LintSettingsSchema.parse(options.settings ?? {}),
    triggerWords: options.triggerWords ?? [],
    sentences: options.sentences ?? 3,
    countTokens: estimateClipTokens,
    ...(options.sameImages ? { sameImages: options.sameImages } : {}),
  };
}

export function idOf(i: number): string {
  return i < 26 ? `${String.fromCharCode(97 + i)}.png` : `i${i}.png`;
}

/** The findings of one rule. */
export function findingsOf(result: ReturnType<typeof lintCaptions>, rule: LintFinding['rule']): LintFinding[] {
  return result.findings.filter((f) => f.rule === rule);
}
