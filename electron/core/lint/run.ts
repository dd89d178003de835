import { lintCaptions } from '../../../shared/lint/index.ts';
import type { LintItem } from '../../../shared/lint/index.ts';
import { RULE_IDS } from '../../../shared/lint/types.ts';
import type { LintReport, RuleId } from '../../../shared/lint/types.ts';
import type { Dataset } from '../dataset/dataset.ts';
import type { Progress } from '../journal/transaction.ts';
import { toAppError } from '../workers/protocol.ts';
import { loadTokenCounter } from './clip-tokenizer.ts';
import { defaultImageHashCacheDir } from './hash-cache.ts';
import { hashImages } from './hash-images.ts';
import type { HashImagesOptions, HashImagesResult } from './hash-images.ts';
import { groupSameImages } from './same-images.ts';

export interface RunLintOptions {
  /** Also look for the same picture twice (perceptual hashes of every image, cached). */
  images: boolean;
  /** Only these rules, even ones the dataset disables; the others are not computed and count 0. */
  rules?: readonly RuleId[];
  /** Where image hashes are cached; default inside the default thumbnail cache. */
  cacheDir?: string;
  /** Reports hashing progress (the caption rules themselves take milliseconds). */
  onProgress?: (p: Progress) => void;
  /** One line per thing the report cannot say: an unusable CLIP vocabulary, images that could not be hashed. */
  onWarning?: (message: string) => void;
  hashing?: Pick<HashImagesOptions, 'concurrency' | 'timeoutMs' | 'maxInputPixels' | 'workerEntry' | 'thumbnails' | 'thumbnailCacheDir'>;
}

/** Lints every caption of the dataset as it stands in memory, plus duplicate pictures when asked. */
export async function runLint(dataset: Dataset, opts: RunLintOptions): Promise<LintReport> {
  const started = performance.now();
  const settings = dataset.settings();
  const only = opts.rules;
  const lint = only ? { ...settings.lint, disabled: RULE_IDS.filter((id) => !only.includes(id)) } : settings.lint;
  // Copied before the first await: the dataset may change while images are hashed.
  const items: LintItem[] = dataset.images().map((r) => ({ id: r.relPath, caption: r.caption?.text ?? null }));
  // A disabled rule would discard every hash: do not decode the whole dataset for nothing.
  const wantImages = opts.images && !lint.disabled.includes('duplicate-image');

  const [counter, images] = await Promise.all([
    loadTokenCounter(dataset.root),
    wantImages ? findSameImages(dataset.root, items, lint.imageDistance, opts) : null,
  ]);
  for (const problem of counter.problems) opts.onWarning?.(`CLIP vocabulary skipped: ${problem}`);
  const { findings, counts, summary } = lintCaptions({
    items,
    settings: lint,
    triggerWords: settings.triggerWords,
    sentences: settings.sentences,
    countTokens: (line) => counter.countTokens(line),
    ...(images?.groups ? { sameImages: images.groups } : {}),
  });
  return {
    findings,
    counts,
    summary,
    tokenizer: counter.kind,
    imageHashes: images ? images.status : 'off',
    durationMs: Math.round(performance.now() - started),
  };
}

interface SameImages {
  /** Groups found among the images that could be hashed (also after a partial failure: they are real). */
  groups: string[][] | null;
  status: 'done' | 'failed';
}

async function findSameImages(root: string, items: readonly LintItem[], maxDistance: number, opts: RunLintOptions): Promise<SameImages> {
  try {
    const hashed = await hashImages(
      root,
      items.map((i) => i.id),
      { ...opts.hashing, cacheDir: opts.cacheDir ?? defaultImageHashCacheDir(), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) },
    );
    warnSkipped(hashed.skipped, opts.onWarning);
    const failure = hashed.failures[0];
    if (failure) opts.onWarning?.(`duplicate pictures not fully checked: ${failure.message}`);
    return { groups: groupSameImages(hashed.hashes, maxDistance), status: failure ? 'failed' : 'done' };
  } catch (e) {
    // Hashing is one rule's input; the caption rules still have everything they need.
    opts.onWarning?.(`duplicate pictures not checked: ${toAppError(e).message}`);
    return { groups: null, status: 'failed' };
  }
}

const SKIPPED_SHOWN = 3;

function warnSkipped(skipped: HashImagesResult['skipped'], warn: RunLintOptions['onWarning']): void {
  if (!warn || skipped.length === 0) return;
  const shown = skipped.slice(0, SKIPPED_SHOWN).map((s) => s.error.message).join('; ');
  const more = skipped.length > SKIPPED_SHOWN ? `; and ${skipped.length - SKIPPED_SHOWN} more` : '';
  warn(`${skipped.length} image(s) could not be read and were not compared: ${shown}${more}`);
}
