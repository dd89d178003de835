import type { CaptionDoc } from '../../../shared/caption/index.ts';
import { tagFrequencies } from '../../../shared/tags/index.ts';

export interface SharedTag {
  readonly tag: string;
  /** Selected captions containing the tag. */
  readonly count: number;
  readonly pinned: boolean;
}

/**
 * Tags over a multi-selection: trigger words first, then tags every selected caption has, then the
 * rest, each group by count and then name. A tag repeated inside one caption counts once.
 */
export function sharedTags(ids: readonly string[], docs: Readonly<Record<string, CaptionDoc | null>>, triggers: ReadonlySet<string>): SharedTag[] {
  const counts = tagFrequencies(ids.flatMap((id) => docs[id] ?? []));
  const out: SharedTag[] = [];
  for (const [tag, count] of counts) out.push({ tag, count, pinned: triggers.has(tag) });
  const total = ids.length;
  const rank = (t: SharedTag) => (t.pinned ? 0 : t.count === total ? 1 : 2);
  return out.sort((a, b) => rank(a) - rank(b) || b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}
