import { tagKey } from '../../tags/tag-key.ts';
import { count, listOf, verb } from '../text.ts';
import type { Rule } from './rule.ts';

/*
 * generic: nothing in the caption tells its image apart from most of the dataset.
 *
 * A tag or a sentence word is COMMON when more than half of the captioned images have it, and
 * DISTINGUISHING otherwise (so even a tag that splits the set in two counts as telling images apart).
 * A caption is generic when it has no distinguishing tag and no distinguishing word, where these
 * never count as distinguishing:
 *   - trigger words (in every caption by design; prepare.ts already leaves them out),
 *   - tags of the configured groups (camera angle, pose, framing), and the words of those tags in
 *     the sentences: they must be consistent across the set, and a caption that only states the
 *     pose still says nothing about expression, lighting, background or clothing,
 *   - English function words (the list below) in the sentences.
 * Sets under 5 captioned images are skipped: "most of the dataset" would be two or three images,
 * and identical / near-duplicate say more there. One finding lists every generic caption.
 */

const MIN_CAPTIONED = 5;

const WORD = /[\p{L}\p{N}]+/gu;

const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'does', 'do',
  'of', 'in', 'on', 'at', 'to', 'from', 'with', 'by', 'for', 'and', 'or', 'but', 'not', 'no', 'as', 'so',
  'she', 'he', 'they', 'it', 'her', 'his', 'him', 'them', 'their', 'its', 'hers', 'i', 'you', 'we', 'one',
  'this', 'that', 'these', 'those', 'there', 'here', 'which', 'who', 'whose', 'while', 'where', 'when',
  'into', 'onto', 'over', 'under', 'up', 'down', 'out', 'off', 'near', 'very', 'also', 'some', 's',
]);

export const generic: Rule = (ctx) => {
  const m = ctx.captioned.length;
  if (m < MIN_CAPTIONED) return [];
  const groups = ctx.input.settings.groups;
  const groupKeys = new Set(groups.flatMap((g) => g.tags.map(tagKey)));
  const groupWords = new Set([...groupKeys].flatMap((k) => k.match(WORD) ?? []));

  const tagCounts = new Int32Array(ctx.tagNames.length);
  const wordCounts = new Int32Array(ctx.wordNames.length);
  for (const e of ctx.captioned) {
    for (const id of e.content) tagCounts[id]!++;
    for (const id of e.words) wordCounts[id]!++;
  }
  const tagTells = ctx.tagNames.map((name, id) => tagCounts[id]! * 2 <= m && !groupKeys.has(name));
  const wordTells = ctx.wordNames.map((w, id) => wordCounts[id]! * 2 <= m && !FUNCTION_WORDS.has(w) && !groupWords.has(w));

  const indices = ctx.captioned
    .filter((e) => !e.content.some((id) => tagTells[id]) && !e.words.some((id) => wordTells[id]))
    .map((e) => e.index);
  if (indices.length === 0) return [];
  const aside = listOf(['trigger words', ...groups.map((g) => `${g.name} tags`)], 4);
  return [{
    rule: 'generic',
    severity: 'warning',
    indices,
    message: `${count(indices.length, 'caption')} ${verb(indices.length, 'says', 'say')} nothing that over half the others don't (${aside} aside): add what is specific to each image`,
  }];
};
