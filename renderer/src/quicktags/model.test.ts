import { describe, expect, it } from 'vitest';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import { applyOps } from '../../../shared/tags/index.ts';
import { parseCaption, serializeCaption } from '../../../shared/caption/index.ts';
import { quickTagIndex, quickTags, toggleOps, toggleOpsForMany } from './model.ts';

const settings = DatasetSettingsSchema.parse({});
const ctx = { triggerWords: ['ohwx'], separator: ', ', frequencies: new Map<string, number>() };
const toggle = (caption: string, tag: string) => {
  const quick = quickTags({ ...settings, quickTags: [tag] }, new Map())[0]!;
  const { ops, label } = toggleOps(parseCaption(caption).tags, quick);
  return { text: serializeCaption(applyOps(parseCaption(caption), ops, ctx)), label };
};

describe('quick tags', () => {
  it('offers the most used angle and pose tags until some are pinned', () => {
    const counts = new Map([
      ['kneeling', 50],
      ['from side', 30],
      ['standing', 10],
    ]);
    const list = quickTags(settings, counts).map((q) => q.tag);
    expect(list.slice(0, 3)).toEqual(['kneeling', 'from side', 'standing']);
    expect(list).toHaveLength(9);
    expect(quickTags({ ...settings, quickTags: ['low angle', 'smile'] }, counts).map((q) => q.tag)).toEqual(['low angle', 'smile']);
  });
  it('maps keys 1-9 to the nine places', () => {
    expect(['1', '5', '9', '0', 'a', '10'].map(quickTagIndex)).toEqual([0, 4, 8, null, null, null]);
  });
  it('turns a tag on at the end of the tags and off again', () => {
    expect(toggle('ohwx, 1girl, smile. She smiles.\n', 'low angle')).toEqual({ text: 'ohwx, 1girl, smile, low angle. She smiles.\n', label: 'add low angle' });
    expect(toggle('ohwx, 1girl, low angle, smile\n', 'low angle').text).toBe('ohwx, 1girl, smile\n');
  });
  it('replaces the other tag of an exclusive group in its place', () => {
    expect(toggle('ohwx, standing, smile\n', 'sitting')).toEqual({ text: 'ohwx, sitting, smile\n', label: 'sitting instead of standing' });
    expect(toggle('ohwx, standing, kneeling, smile\n', 'sitting').text).toBe('ohwx, smile, sitting\n');
    // Not a group tag: nothing else goes.
    expect(toggle('ohwx, standing\n', 'smile').text).toBe('ohwx, standing, smile\n');
  });
  it('over several captions: off where all have it, else on everywhere with rivals dropped', () => {
    const sitting = quickTags({ ...settings, quickTags: ['sitting'] }, new Map())[0]!;
    expect(toggleOpsForMany(true, sitting).ops).toEqual([{ op: 'remove', tags: ['sitting'] }]);
    expect(toggleOpsForMany(false, sitting).ops).toEqual([
      { op: 'remove', tags: ['standing', 'kneeling', 'lying', 'squatting'] },
      { op: 'add', tags: ['sitting'], at: 'end' },
    ]);
  });
});
