import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listAll, read, tempTrees } from '../dataset/test-fixtures.ts';
import { defaultSettings, loadSettings, mergeSettings, saveSettings, settingsDelta, settingsPath } from './settings.ts';

const tree = tempTrees();

describe('dataset settings', () => {
  it('defaults when there is no settings file, without creating one', async () => {
    const root = tree();
    const { settings, problem } = await loadSettings(root);
    expect(problem).toBeUndefined();
    const { autoCaption, lint, ...rest } = settings;
    expect(rest).toEqual({ version: 1, captionExtension: '.txt', triggerWords: [], separator: ', ', focus: '', context: '', sentences: 3, quickTags: [] });
    expect(lint).toMatchObject({ disabled: [], clipBudget: 75 });
    expect(autoCaption).toMatchObject({ mode: 'skip', useLlm: false, useTagger: true, tagger: { model: 'wd-swinv2-tagger-v3', general: 0.35, character: 0.85 } });
    expect(listAll(root)).toEqual([]);
  });

  it('cleans trigger words once, where they are read: trimmed, split at commas, no blanks or repeats', () => {
    expect(DatasetSettingsSchema.parse({ triggerWords: [' ohwx ', '', 'ohwx', 'a, b'] }).triggerWords).toEqual(['ohwx', 'a', 'b']);
  });

  it('refuses a separator that would break the caption line: line breaks, tabs, control characters, empty', () => {
    for (const bad of [',\n', '\r', ', \t', '\u2028', '\u0085', '']) {
      const merged = mergeSettings(defaultSettings(), { separator: bad });
      expect(merged.ok, JSON.stringify(bad)).toBe(false);
      if (!merged.ok) expect(merged.error.message).toMatch(/separator/);
    }
    for (const good of [', ', ',', ' | ', '、']) expect(mergeSettings(defaultSettings(), { separator: good }).ok).toBe(true);
  });

  it('cleans quick tags like trigger words, and allows at most nine (keys 1-9)', () => {
    expect(DatasetSettingsSchema.parse({ quickTags: [' low angle ', '', 'low angle', 'kneeling, sitting'] }).quickTags).toEqual(['low angle', 'kneeling', 'sitting']);
    const nine = Array.from({ length: 9 }, (_, i) => `tag ${i + 1}`);
    expect(DatasetSettingsSchema.parse({ quickTags: nine }).quickTags).toEqual(nine);
    // Counted after cleaning: repeats do not use up a key.
    expect(DatasetSettingsSchema.parse({ quickTags: [...nine, 'tag 1'] }).quickTags).toEqual(nine);
    expect(DatasetSettingsSchema.safeParse({ quickTags: [...nine, 'tag 10'] }).success).toBe(false);
  });

  it('saves quick tags through a patch and refuses a tenth as invalid-settings', async () => {
    const root = tree();
    const merged = mergeSettings(defaultSettings(), { quickTags: ['low angle', 'from above'] });
    expect(merged.ok && merged.value.quickTags).toEqual(['low angle', 'from above']);
    if (!merged.ok) return;
    await saveSettings(root, merged.value);
    expect((await loadSettings(root)).settings.quickTags).toEqual(['low angle', 'from above']);
    const tooMany = mergeSettings(defaultSettings(), { quickTags: Array.from({ length: 10 }, (_, i) => `t${i}`) });
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) {
      expect(tooMany.error.kind).toBe('invalid-settings');
      expect(tooMany.error.message).toMatch(/quickTags/);
      expect(tooMany.error.message).not.toContain('\n');
    }
  });

  it('a settings file with ten quick tags is reported, not truncated', async () => {
    const text = JSON.stringify({ version: 1, quickTags: Array.from({ length: 10 }, (_, i) => `t${i}`) });
    const root = tree({ '.tagsmith/settings.json': text });
    const { settings, problem } = await loadSettings(root);
    expect(problem?.kind).toBe('invalid-settings');
    expect(settings.quickTags).toEqual([]);
    expect(fs.readFileSync(settingsPath(root), 'utf8')).toBe(text);
  });

  it('does not share default arrays between loads', () => {
    const a = defaultSettings();
    a.triggerWords.push('ohwx');
    expect(defaultSettings().triggerWords).toEqual([]);
  });

  it('preserves unknown keys through load, merge and save', async () => {
    const root = tree({ '.tagsmith/settings.json': JSON.stringify({ version: 1, futureField: { a: [1, 2] }, sentences: 5 }) });
    const { settings } = await loadSettings(root);
    const merged = mergeSettings(settings, { triggerWords: ['ohwx'] });
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    await saveSettings(root, merged.value);
    const onDisk = JSON.parse(read(root, '.tagsmith/settings.json')!);
    expect(onDisk).toMatchObject({ futureField: { a: [1, 2] }, sentences: 5, triggerWords: ['ohwx'], captionExtension: '.txt' });
  });

  it('writes only JSON into .tagsmith, atomically', async () => {
    const root = tree();
    await saveSettings(root, { ...defaultSettings(), captionExtension: '.caption' });
    expect(listAll(root)).toEqual(['.tagsmith/settings.json']);
    expect((await loadSettings(root)).settings.captionExtension).toBe('.caption');
  });

  it.each([
    ['not JSON', '{ nope'],
    ['bad field', JSON.stringify({ captionExtension: '.png' })],
    ['future version', JSON.stringify({ version: 2 })],
  ])('reports an invalid file (%s) and falls back to defaults', async (_n, content) => {
    const root = tree({ '.tagsmith/settings.json': content });
    const { settings, problem } = await loadSettings(root);
    expect(problem?.kind).toBe('invalid-settings');
    expect(problem?.message).toContain(settingsPath(root));
    expect(settings).toEqual(defaultSettings());
    expect(fs.readFileSync(settingsPath(root), 'utf8')).toBe(content);
  });

  it('refuses an invalid patch', () => {
    const res = mergeSettings(defaultSettings(), { sentences: 0 });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.kind).toBe('invalid-settings');
  });

  it('computes the delta of only the changed keys', () => {
    const a = defaultSettings();
    const b = { ...a, triggerWords: ['ohwx'], focus: 'hands' };
    expect(settingsDelta(a, b)).toEqual({ before: { triggerWords: [], focus: '' }, after: { triggerWords: ['ohwx'], focus: 'hands' } });
    expect(settingsDelta(a, { ...a })).toBeNull();
  });
});
