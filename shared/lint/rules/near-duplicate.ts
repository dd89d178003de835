import type { Entry } from '../prepare.ts';
import { clusterSimilar } from '../similar-sets.ts';
import { nearDuplicateScore } from '../similarity.ts';
import { count, percent } from '../text.ts';
import type { Draft, Rule } from './rule.ts';

/*
 * near-duplicate: captions whose tags are nearly the same AND whose sentences are nearly the same:
 * nearDuplicateScore (similarity.ts, the lower of the two Jaccard scores) at or above
 * settings.nearDuplicate. Identical captions are collapsed to one first (the identical rule reports
 * them). A caption with sentences and one without score 0, so captions are split by which parts
 * they have, and within each kind clusterSimilar (similar-sets.ts) finds the pairs without an
 * all-pairs compare, over the tags or the words, whichever is cheaper: each part must be >= t on its
 * own, so either view misses nothing. One finding per cluster, listing every image of it (copies of
 * an identical caption included); a cluster that is all one picture (sameImages) is left to
 * duplicate-image.
 */

const EPS = 1e-9;

/** Captions are only compared with captions that have the same parts. */
const KINDS = [
  { tags: true, words: false, alike: 'tags' },
  { tags: false, words: true, alike: 'sentences' },
  { tags: true, words: true, alike: 'tags and sentences each' },
] as const;

export const nearDuplicate: Rule = (ctx) => {
  const t = ctx.input.settings.nearDuplicate;
  // One representative per distinct caption; `members[r]` are the images sharing it.
  const reps: Entry[] = [];
  const members: Entry[][] = [];
  const repOf = new Map<number, number>();
  for (const e of ctx.captioned) {
    if (e.content.length === 0 && e.words.length === 0) continue;
    const r = repOf.get(e.key);
    if (r !== undefined) {
      members[r]!.push(e);
      continue;
    }
    repOf.set(e.key, reps.length);
    reps.push(e);
    members.push([e]);
  }

  const drafts: Draft[] = [];
  for (const kind of KINDS) {
    const kindReps = reps.filter((e) => e.content.length > 0 === kind.tags && e.words.length > 0 === kind.words);
    const repIndex = kindReps.map((e) => repOf.get(e.key)!);
    const views = [...(kind.tags ? [kindReps.map((e) => e.content)] : []), ...(kind.words ? [kindReps.map((e) => e.words)] : [])];
    const clusters = clusterSimilar(views, t, (a, b) => nearDuplicateScore(kindReps[a]!, kindReps[b]!) >= t - EPS);
    for (const cluster of clusters) {
      const entries = cluster.flatMap((k) => members[repIndex[k]!]!);
      if (new Set(entries.map((e) => e.picture)).size < 2) continue;
      drafts.push({
        rule: 'near-duplicate',
        severity: 'warning',
        indices: entries.map((e) => e.index),
        message: `${count(entries.length, 'caption')} are near-duplicates (${kind.alike} at least ${percent(t)} alike): say what differs between these images`,
      });
    }
  }
  return drafts;
};
