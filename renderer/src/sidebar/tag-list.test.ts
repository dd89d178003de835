import { describe, expect, it } from 'vitest';
import { parseCaption, type CaptionDoc } from '../../../shared/caption/index.ts';
import type { ImageItem } from '../../../shared/contract/index.ts';
import { tagFrequencies } from '../../../shared/tags/index.ts';
import { attachCandidates, matchCandidates } from './orphan-list.ts';
import { addOp, deleteSteps, renameProblem, renameSteps, unifySteps } from './tag-actions.ts';
import { compareRows, countKeys, countText, countWords, sidebarLists, spellingGroups, type TagRow } from './tag-list.ts';

const CAPTIONS: Record<string, string> = {
  a: 'ohwx, long_hair, solo, ^_^',
  b: 'Long Hair, solo, smile',
  c: 'long  hair, long_hair, 1girl',
  d: 'long_hair, tag10, ^ ^',
  e: 'tag9, Smile',
  f: '',
};
const ORDER = Object.keys(CAPTIONS);
const docs: Record<string, CaptionDoc | null> = Object.fromEntries(ORDER.map((id) => [id, CAPTIONS[id] ? parseCaption(CAPTIONS[id]) : null]));
const tagCounts = tagFrequencies(Object.values(docs).filter((d): d is CaptionDoc => d !== null));

function lists(opts: { ids?: string[]; triggers?: string[]; search?: string; sort?: 'count' | 'name' } = {}) {
  const groups = spellingGroups(tagCounts);
  const total = countKeys(ORDER, docs);
  const inView = countKeys(opts.ids ?? ORDER, docs);
  return sidebarLists({ groups, total, inView, triggerWords: opts.triggers ?? [], search: opts.search ?? '', sort: opts.sort ?? 'count' });
}
const summary = (rows: TagRow[]) => rows.map((r) => `${r.tag} ${r.inView}/${r.total}`);

describe('spellings of one tag', () => {
  it('are grouped by identity under the most common spelling, kaomoji kept apart', () => {
    const groups = spellingGroups(tagCounts);
    expect(groups.get('long hair')).toEqual({
      key: 'long hair',
      tag: 'long_hair',
      spellings: [
        { tag: 'long_hair', count: 3 },
        { tag: 'long  hair', count: 1 },
        { tag: 'Long Hair', count: 1 },
      ],
    });
    // `^_^` is not `^ ^`: two tags.
    expect(groups.get('^_^')?.spellings).toEqual([{ tag: '^_^', count: 1 }]);
    expect(groups.get('^ ^')?.spellings).toEqual([{ tag: '^ ^', count: 1 }]);
    // A tie between spellings goes to natural order.
    expect(groups.get('smile')?.tag).toBe('Smile');
  });

  it('count a caption holding two spellings once', () => {
    const total = countKeys(ORDER, docs);
    expect(total.get('long hair')).toBe(4);
    expect(total.get('solo')).toBe(2);
    expect(countKeys(['c', 'e', 'f', 'missing'], docs).get('long hair')).toBe(1);
  });

  it('unify as one replace per other spelling, onto the main one', () => {
    const row = lists().tags.find((r) => r.key === 'long hair')!;
    expect(unifySteps(row.tag, row.spellings)).toEqual([
      { op: { op: 'replace', from: 'long  hair', to: 'long_hair' }, label: 'Unify "long  hair" as "long_hair"' },
      { op: { op: 'replace', from: 'Long Hair', to: 'long_hair' }, label: 'Unify "Long Hair" as "long_hair"' },
    ]);
    expect(unifySteps('solo', [{ tag: 'solo', count: 2 }])).toEqual([]);
  });
});

describe('sidebar lists', () => {
  it('count in view and in the whole dataset, most in view first', () => {
    const { tags } = lists({ ids: ['b', 'e'] });
    expect(summary(tags)).toEqual(['Smile 2/2', 'long_hair 1/4', 'solo 1/2', 'tag9 1/1', '^ ^ 0/1', '^_^ 0/1', '1girl 0/1', 'ohwx 0/1', 'tag10 0/1']);
  });

  it('sort by name in natural order', () => {
    expect(lists({ sort: 'name' }).tags.map((r) => r.tag)).toEqual(['^ ^', '^_^', '1girl', 'long_hair', 'ohwx', 'Smile', 'solo', 'tag9', 'tag10']);
    const byCount = [...lists().tags].sort(compareRows('count'));
    expect(byCount.map((r) => r.tag).slice(0, 3)).toEqual(['long_hair', 'Smile', 'solo']);
  });

  it('keep trigger words apart, matched by identity, present or not', () => {
    const { triggers, tags } = lists({ triggers: ['OHWX', 'tsmith'] });
    expect(summary(triggers)).toEqual(['OHWX 1/1', 'tsmith 0/0']);
    expect(tags.map((r) => r.key)).not.toContain('ohwx');
  });

  it('search any spelling the way tags compare', () => {
    expect(lists({ search: ' LONG_H' }).tags.map((r) => r.tag)).toEqual(['long_hair']);
    expect(lists({ search: 'smil' }).tags.map((r) => r.tag)).toEqual(['Smile']);
    expect(lists({ search: 'ohw', triggers: ['ohwx'] })).toMatchObject({ triggers: [{ tag: 'ohwx' }], tags: [] });
  });

  it('show in view / total only while a filter narrows the view', () => {
    expect(countText({ inView: 43, total: 1055 }, true)).toBe('43 / 1,055');
    expect(countText({ inView: 55, total: 55 }, false)).toBe('55');
    expect(countWords({ inView: 1, total: 55 }, true)).toBe('1 image in view of 55');
    expect(countWords({ inView: 55, total: 55 }, false)).toBe('55 images');
  });
});

describe('tag menu steps', () => {
  it('rename, delete and add build the batch steps', () => {
    expect(renameSteps('long_hair', ' very long hair ')).toEqual([
      { op: { op: 'replace', from: 'long_hair', to: 'very long hair' }, label: 'Rename "long_hair" to "very long hair"' },
    ]);
    expect(deleteSteps('^_^')).toEqual([{ op: { op: 'remove', tags: ['^_^'] }, label: 'Delete "^_^"' }]);
    expect(addOp('ohwx', true)).toEqual({ op: 'add', tags: ['ohwx'], at: 'start' });
    expect(addOp('smile', false)).toEqual({ op: 'add', tags: ['smile'], at: 'end' });
  });

  it('a rename needs a new name; another spelling of the same tag is one', () => {
    expect(renameProblem('long_hair', '  ')).toMatch(/Type the new name/);
    expect(renameProblem('long_hair', 'long_hair ')).toMatch(/already/);
    expect(renameProblem('long_hair', 'long hair')).toBeNull();
  });
});

describe('orphan attach candidates', () => {
  const item = (id: string, caption: string | null, captionError?: string): ImageItem => ({ id, captionPath: id.replace(/\.\w+$/, '.txt'), caption, ...(captionError ? { captionError } : {}) });
  const images = Object.fromEntries(
    [item('a.png', 'x'), item('img_003 (1).png', null), item('img_010.png', null), item('sub/img_003.png', null), item('z.png', null, 'not UTF-8'), item('b.png', null)].map((i) => [i.id, i]),
  );
  const order = Object.keys(images).sort();

  it('are images without a caption, the likeliest name first', () => {
    expect(attachCandidates('img_003.txt', images, order)).toEqual(['img_003 (1).png', 'sub/img_003.png', 'img_010.png', 'b.png']);
    expect(attachCandidates('sub/img_003.txt', images, order)[0]).toBe('sub/img_003.png');
    expect(attachCandidates('img_003.txt', images, order, (id) => id === 'b.png')).not.toContain('b.png');
    expect(matchCandidates(['img_003 (1).png', 'sub/img_003.png', 'b.png'], ' SUB/')).toEqual(['sub/img_003.png']);
  });
});
