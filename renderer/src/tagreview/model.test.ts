import { describe, expect, it } from 'vitest';
import { parseCaption, serializeCaption } from '../../../shared/caption/index.ts';
import { DEFAULT_TAG_GROUPS } from '../../../shared/lint/types.ts';
import { applyOps } from '../../../shared/tags/index.ts';
import {
  cursorAfterEdit,
  flatOrder,
  groupEdit,
  groupKeyIndex,
  matchedTags,
  moveCursor,
  reviewModeOf,
  reviewRows,
  reviewSections,
  reviewTitle,
  rowIndexOf,
  selectIn,
  selectionAt,
  tagKeysOf,
  targetsOf,
  toggleEdit,
  type ReviewEdit,
  type ReviewSection,
} from './model.ts';

const ctx = { triggerWords: ['ohwx'], separator: ', ', frequencies: new Map<string, number>() };
const apply = (caption: string, edit: ReviewEdit | null) => serializeCaption(applyOps(parseCaption(caption), edit!.ops, ctx));

const captions: Record<string, string | null> = {
  a: 'ohwx, 1girl, low angle, standing. She stands.',
  b: '1girl, Low_Angle, sitting',
  c: '1girl, high angle',
  d: null, // no caption file
  e: '1girl, from side, low angle',
  f: '1girl, smile',
};
const docs = Object.fromEntries(Object.entries(captions).map(([id, text]) => [id, text === null ? null : parseCaption(text)]));
const keysOf = (id: string) => tagKeysOf(docs[id] ?? null);
const ids = Object.keys(captions);
const angles = DEFAULT_TAG_GROUPS[0]!;
const summary = (sections: ReviewSection[]) => sections.map((s) => `${s.title}: ${s.ids.join('')}`);

describe('review mode', () => {
  it('is one tag, or a group named after the lint group holding exactly those tags', () => {
    expect(reviewModeOf(['low angle'], DEFAULT_TAG_GROUPS)).toEqual({ kind: 'tag', tag: 'low angle' });
    expect(reviewModeOf(['low angle', 'Low_Angle'], DEFAULT_TAG_GROUPS)).toEqual({ kind: 'tag', tag: 'low angle' });
    const group = reviewModeOf([...angles.tags].reverse(), DEFAULT_TAG_GROUPS);
    expect(group).toMatchObject({ kind: 'group', name: 'camera angle' });
    expect(reviewTitle(group)).toBe('Review group: camera angle');
    expect(reviewTitle(reviewModeOf(['smile', 'grin'], DEFAULT_TAG_GROUPS))).toBe('Review tags: smile, grin');
    expect(reviewTitle(reviewModeOf(['kneeling'], DEFAULT_TAG_GROUPS))).toBe('Review tag: kneeling');
  });
});

describe('grouping by has / has not', () => {
  it('splits by tag identity: other spellings and case are the tag; no caption is "doesn\'t have"', () => {
    const sections = reviewSections(ids, keysOf, { kind: 'tag', tag: 'low angle' });
    expect(summary(sections)).toEqual(['Has low angle: abe', "Doesn't have low angle: cdf"]);
    expect(sections.map((s) => s.key)).toEqual(['has', 'not']);
  });
  it('keeps both sections when one is empty', () => {
    expect(summary(reviewSections(['c', 'f'], keysOf, { kind: 'tag', tag: 'low angle' }))).toEqual(['Has low angle: ', "Doesn't have low angle: cf"]);
  });
  it('in a group, puts each image under its one tag, under "Several" when it has two, else under "None"', () => {
    const mode = reviewModeOf(angles.tags, DEFAULT_TAG_GROUPS);
    const sections = reviewSections(ids, keysOf, mode);
    expect(summary(sections)).toEqual([
      '1 · low angle: ab',
      '2 · high angle: c',
      '3 · from above: ',
      '4 · from below: ',
      '5 · eye level: ',
      '6 · from side: ',
      '7 · from behind: ',
      'Several of them: e',
      'None of them: df',
    ]);
    expect(matchedTags(keysOf('e'), angles.tags)).toEqual([0, 5]);
    // No contradiction, no "Several" section.
    expect(reviewSections(['a', 'f'], keysOf, mode).map((s) => s.key)).not.toContain('several');
  });
});

describe('the edits', () => {
  it('toggles one tag: added at the end where missing, every spelling removed when all have it', () => {
    expect(toggleEdit('low angle', false).label).toBe('add low angle');
    expect(apply('1girl, high angle. She looks down.', toggleEdit('low angle', false))).toBe('1girl, high angle, low angle. She looks down.');
    expect(apply('', toggleEdit('low angle', false))).toBe('low angle');
    // Present under another spelling: nothing added twice.
    expect(apply('1girl, Low_Angle', toggleEdit('low angle', false))).toBe('1girl, Low_Angle');
    expect(toggleEdit('low angle', true)).toEqual({ ops: [{ op: 'remove', tags: ['low angle'] }], label: 'remove low angle' });
    expect(apply('ohwx, 1girl, Low_Angle, smile', toggleEdit('low angle', true))).toBe('ohwx, 1girl, smile');
  });
  it('sets a group tag as an exclusive choice: in the rival\'s place, other rivals dropped, else at the end', () => {
    const low = groupEdit(angles.tags, 0);
    expect(low?.label).toBe('set low angle');
    expect(apply('1girl, high angle, smile', low)).toBe('1girl, low angle, smile');
    expect(apply('1girl, high angle, smile, from side', low)).toBe('1girl, low angle, smile');
    expect(apply('1girl, smile. She smiles.', low)).toBe('1girl, smile, low angle. She smiles.');
    expect(apply('', low)).toBe('low angle');
    // Already so: nothing changes (the caption keeps its own spelling).
    expect(apply('1girl, Low_Angle', low)).toBe('1girl, Low_Angle');
    expect(apply('1girl, Low_Angle, from side', low)).toBe('1girl, Low_Angle');
    // Trigger words stay first.
    expect(apply('ohwx, from behind, 1girl', groupEdit(angles.tags, 6))).toBe('ohwx, from behind, 1girl');
    expect(apply('ohwx, eye level, 1girl', groupEdit(angles.tags, 6))).toBe('ohwx, from behind, 1girl');
    expect(groupEdit(angles.tags, 7)).toBeNull();
  });
  it('maps keys 1-9 to the group tags', () => {
    expect(['1', '7', '9', '0', 'a', 'F1'].map(groupKeyIndex)).toEqual([0, 6, 8, null, null, null]);
  });
});

describe('keyboard model of the split grid', () => {
  // Sections of 5, 0 and 3 images, 2 columns:  has: a b / c d / e   empty   not: x y / z
  const sections: ReviewSection[] = [
    { key: 'has', title: 'Has', ids: ['a', 'b', 'c', 'd', 'e'] },
    { key: 'mid', title: 'Empty', ids: [] },
    { key: 'not', title: 'Not', ids: ['x', 'y', 'z'] },
  ];
  const move = (from: string | null, m: Parameters<typeof moveCursor>[3], pageRows = 1) => moveCursor(sections, 2, from, m, pageRows);

  it('walks the shown order left and right, across sections, clamped at the ends', () => {
    expect(flatOrder(sections).join('')).toBe('abcdexyz');
    expect(move('e', 'right')).toBe('x');
    expect(move('x', 'left')).toBe('e');
    expect(move('a', 'left')).toBe('a');
    expect(move('z', 'right')).toBe('z');
    expect([move(null, 'right'), move(null, 'end'), move('c', 'home'), move('c', 'end')]).toEqual(['a', 'z', 'a', 'z']);
  });
  it('keeps the column up and down, stepping over headings and empty sections', () => {
    expect(move('b', 'down')).toBe('d');
    expect(move('d', 'down')).toBe('e'); // the last row is shorter: its last image
    expect(move('e', 'down')).toBe('x');
    expect(move('x', 'up')).toBe('e');
    expect(move('y', 'up')).toBe('e'); // column 2 of the last row "e": clamped
    expect(move('z', 'down')).toBe('z');
    expect(move('a', 'up')).toBe('a');
    expect(move('a', 'pageDown', 2)).toBe('e');
    expect(move('a', 'pageDown', 3)).toBe('x');
    expect(move('a', 'pageDown', 10)).toBe('z');
    expect(move('z', 'pageUp', 2)).toBe('e');
  });
  it('counts rows with the headings, as the virtualized list draws them', () => {
    const rows = reviewRows(sections, 2);
    expect(rows.map((r) => (r.kind === 'header' ? `h${r.section}` : `${r.section}:${r.start}`))).toEqual(['h0', '0:0', '0:2', '0:4', 'h1', 'h2', '2:0', '2:2']);
    expect(rowIndexOf(sections, 2, { section: 0, index: 3 })).toBe(2);
    expect(rowIndexOf(sections, 2, { section: 2, index: 2 })).toBe(7);
  });
  it('keeps the cursor\'s place in its section when an edit moves its image out', () => {
    const after: ReviewSection[] = [
      { key: 'has', title: 'Has', ids: ['a', 'c', 'd', 'e'] },
      { key: 'mid', title: 'Empty', ids: [] },
      { key: 'not', title: 'Not', ids: ['b', 'x', 'y', 'z'] },
    ];
    expect(cursorAfterEdit(sections, after, 'b')).toBe('c');
    // The last one leaves: the one before it.
    const lastGone = [sections[0]!, sections[1]!, { ...sections[2]!, ids: ['x', 'y'] }];
    expect(cursorAfterEdit(sections, lastGone, 'z')).toBe('y');
    // The image stayed (an edit that changed nothing), or the section emptied: the cursor stays on it.
    expect(cursorAfterEdit(sections, sections, 'b')).toBe('b');
    const emptied = [{ ...sections[0]!, ids: ['a', 'b', 'c', 'd', 'e', 'x', 'y', 'z'] }, sections[1]!, { ...sections[2]!, ids: [] }];
    expect(cursorAfterEdit(sections, emptied, 'y')).toBe('y');
    // Several moved together: the next one that stayed.
    const many = [{ ...sections[0]!, ids: ['a', 'e'] }, sections[1]!, { ...sections[2]!, ids: ['b', 'c', 'd', 'x', 'y', 'z'] }];
    expect(cursorAfterEdit(sections, many, 'b')).toBe('e');
  });
  it('selects like the grid and edits the selection, else the cursor\'s image', () => {
    const flat = flatOrder(sections);
    let sel = selectionAt('b');
    expect(targetsOf(flat, sel)).toEqual(['b']);
    sel = selectIn(flat, sel, 'x', 'range');
    expect(targetsOf(flat, sel)).toEqual(['b', 'c', 'd', 'e', 'x']);
    sel = selectIn(flat, sel, 'c', 'toggle');
    expect(targetsOf(flat, sel)).toEqual(['b', 'd', 'e', 'x']);
    sel = selectIn(flat, sel, 'z', 'toggle');
    expect(targetsOf(flat, sel)).toEqual(['b', 'd', 'e', 'x', 'z']);
    // Shift+click draws from the anchor (the last Ctrl+click) and replaces the selection.
    sel = selectIn(flat, sel, 'x', 'range');
    expect(targetsOf(flat, sel)).toEqual(['x', 'y', 'z']);
    sel = selectIn(flat, sel, 'a', 'replace');
    expect(targetsOf(flat, sel)).toEqual(['a']);
    expect(targetsOf(flat, { cursor: 'y', selected: new Set(), anchor: null })).toEqual(['y']);
  });
});
