import type { CaptionDoc } from '../caption/index.ts';

/** How many captions contain each tag (a tag repeated inside one caption counts once). */
export function tagFrequencies(docs: Iterable<CaptionDoc>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of docs) {
    const tags = doc.tags;
    // Captions are short: a quadratic scan beats allocating a Set per caption until they are not.
    if (tags.length > 64) {
      for (const tag of new Set(tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      continue;
    }
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      if (tags.indexOf(tag) !== i) continue;
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  return counts;
}
