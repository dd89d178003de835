import { have } from './text.ts';
import type { LintContext } from './prepare.ts';
import { mulberry32 } from './prng.ts';
import { meanScore } from './similarity.ts';
import { percent } from './text.ts';
import type { LintSummary } from './types.ts';

/*
 * The dataset in numbers, and a one-line verdict.
 *
 * - uniqueTagSets: share of the captions with tags (trigger words aside) whose tag set
 *   (tagKey-normalised, order and repeats ignored) no other caption has. Captions without such tags
 *   (prose only, trigger only) are left out; with none at all the share is 1 (nothing repeats).
 * - meanSimilarity: mean of similarity.ts meanScore over pairs of captioned images. Exact up to
 *   20,000 pairs (201 captions); beyond that, 20,000 pairs drawn with a fixed-seed PRNG, so the
 *   figure is the same on every run (its standard error is under 0.005).
 * - distinctTags: distinct tags (tagKey-normalised, trigger words included); meanTags: tags per
 *   captioned image as written.
 *
 * Verdict, the first that applies:
 *   empty        no images
 *   uncaptioned  no image has a caption
 *   incomplete   more than 10% of the images have no caption
 *   repetitive   20% or more of the captions with tags share their tag set with another caption
 *   repetitive   captions are 60% or more alike on average (the generated varied set in the
 *                tests, which shares its template words, scores about 25%)
 *   sparse       fewer than 5 tags per caption and under half of the captions have sentences
 *   healthy      otherwise
 */

const MAX_PAIRS = 20_000;
const SEED = 0x5eed;
const INCOMPLETE = 0.1;
const SHARED_TAG_SETS = 0.2;
const ALIKE = 0.6;
const SPARSE_TAGS = 5;
const SPARSE_PROSE = 0.5;

export function summarize(ctx: LintContext): LintSummary {
  const images = ctx.entries.length;
  const captioned = ctx.captioned.length;
  const uniqueTagSets = uniqueShare(ctx);
  const meanSimilarity = sampledSimilarity(ctx);
  const triggerTags = [...ctx.triggerKeys].filter((k) => ctx.captioned.some((e) => e.keys.includes(k))).length;
  const distinctTags = ctx.tagNames.length + triggerTags;
  const meanTags = captioned === 0 ? 0 : ctx.captioned.reduce((sum, e) => sum + e.tags.length, 0) / captioned;
  const proseShare = captioned === 0 ? 0 : ctx.captioned.filter((e) => e.prose !== '').length / captioned;

  let verdict: string;
  if (images === 0) verdict = 'empty: the dataset has no images';
  else if (captioned === 0) verdict = `uncaptioned: none of the ${images} images has a caption`;
  else if ((images - captioned) / images > INCOMPLETE) verdict = `incomplete: ${images - captioned} of ${images} images ${have(images - captioned)} no caption`;
  else if (1 - uniqueTagSets >= SHARED_TAG_SETS) verdict = `repetitive: ${percent(1 - uniqueTagSets)} of images share their tag set with another image`;
  else if (meanSimilarity >= ALIKE) verdict = `repetitive: captions are ${percent(meanSimilarity)} alike on average`;
  else if (meanTags < SPARSE_TAGS && proseShare < SPARSE_PROSE) verdict = `sparse: ${meanTags.toFixed(1)} tags per caption and few sentences: say more about each image`;
  else verdict = `healthy: captions are varied (${percent(uniqueTagSets)} of tag sets unique, ${percent(meanSimilarity)} alike on average)`;

  return { images, captioned, uniqueTagSets, meanSimilarity, distinctTags, meanTags, verdict };
}

function uniqueShare(ctx: LintContext): number {
  const sets = ctx.captioned.filter((e) => e.content.length > 0).map((e) => e.tagSet);
  if (sets.length === 0) return 1;
  const counts = new Map<number, number>();
  for (const s of sets) counts.set(s, (counts.get(s) ?? 0) + 1);
  return sets.filter((s) => counts.get(s) === 1).length / sets.length;
}

function sampledSimilarity(ctx: LintContext): number {
  const c = ctx.captioned;
  const m = c.length;
  if (m < 2) return 0;
  let sum = 0;
  if ((m * (m - 1)) / 2 <= MAX_PAIRS) {
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) sum += meanScore(c[i]!, c[j]!);
    return sum / ((m * (m - 1)) / 2);
  }
  const random = mulberry32(SEED);
  for (let s = 0; s < MAX_PAIRS; s++) {
    const i = Math.floor(random() * m);
    let j = Math.floor(random() * (m - 1));
    if (j >= i) j++;
    sum += meanScore(c[i]!, c[j]!);
  }
  return sum / MAX_PAIRS;
}
