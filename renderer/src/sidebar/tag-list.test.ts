import { describe, expect, it } from 'vitest';
import { rankTags, sidebarLists } from './tag-list.ts';

const counts = new Map([['solo', 5], ['ohwx', 7], ['tag10', 2], ['tag9', 2], ['Smile', 3], ['smiling', 1]]);

describe('sidebar tag lists', () => {
  it('ranks by frequency, ties in natural order', () => {
    expect(rankTags(counts).map((r) => r.tag)).toEqual(['ohwx', 'solo', 'Smile', 'tag9', 'tag10', 'smiling']);
  });

  it('keeps trigger words apart and searches both lists', () => {
    const ranked = rankTags(counts);
    const all = sidebarLists(ranked, counts, ['ohwx', 'tsmith'], '');
    expect(all.triggers).toEqual([{ tag: 'ohwx', count: 7 }, { tag: 'tsmith', count: 0 }]);
    expect(all.tags.map((r) => r.tag)).not.toContain('ohwx');
    const found = sidebarLists(ranked, counts, ['ohwx'], ' SMIL');
    expect(found.triggers).toEqual([]);
    expect(found.tags.map((r) => r.tag)).toEqual(['Smile', 'smiling']);
  });
});
