import { describe, expect, it } from 'vitest';
import { chipItems, moveChip, removeChip, tagsOf } from './chipModel.ts';

describe('chip model', () => {
  const triggers = new Set(['ohwx']);
  it('shows trigger words first and gives repeated tags distinct ids', () => {
    const items = chipItems(['solo', 'ohwx', 'smile', 'solo'], triggers);
    expect(tagsOf(items)).toEqual(['ohwx', 'solo', 'smile', 'solo']);
    expect(new Set(items.map((i) => i.id)).size).toBe(4);
    expect(items[0]?.pinned).toBe(true);
  });
  it('keeps ids stable when chips move', () => {
    const items = chipItems(['a', 'b', 'c'], new Set());
    const moved = moveChip(items, 2, 0);
    expect(tagsOf(moved)).toEqual(['c', 'a', 'b']);
    expect(chipItems(tagsOf(moved), new Set()).map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
  });
  it('never moves a tag in front of the trigger words, nor a trigger word at all', () => {
    const items = chipItems(['ohwx', 'a', 'b'], triggers);
    expect(tagsOf(moveChip(items, 2, 0))).toEqual(['ohwx', 'b', 'a']);
    expect(tagsOf(moveChip(items, 0, 2))).toEqual(['ohwx', 'a', 'b']);
    expect(tagsOf(moveChip(items, 1, 99))).toEqual(['ohwx', 'b', 'a']);
  });
  it('removes one occurrence by position', () => {
    const items = chipItems(['a', 'b', 'a'], new Set());
    expect(tagsOf(removeChip(items, 2))).toEqual(['a', 'b']);
  });
});
