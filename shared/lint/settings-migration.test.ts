import { describe, expect, it } from 'vitest';
import { DatasetSettingsSchema } from '../settings.ts';
import { LINT_SETTINGS_VERSION } from './settings-migration.ts';
import { DEFAULT_TAG_GROUPS, LintSettingsSchema } from './types.ts';
import { LEGACY_SAVED_LINT as LEGACY_SAVED } from './testing/legacy-settings.ts';

const required = (lint: { groups: { name: string; required: boolean }[] }) => Object.fromEntries(lint.groups.map((g) => [g.name, g.required]));

describe('lint settings: tag groups became consistency rules (version 2)', () => {
  it('defaults every built-in group to not required, with a 60% majority', () => {
    const lint = LintSettingsSchema.parse({});
    expect(lint.version).toBe(LINT_SETTINGS_VERSION);
    expect(lint.groupMajority).toBe(0.6);
    expect(lint.groups).toEqual(DEFAULT_TAG_GROUPS);
    expect(DEFAULT_TAG_GROUPS.every((g) => !g.required)).toBe(true);
    expect(LintSettingsSchema.parse({ groups: [{ name: 'light', tags: ['sunlight'] }] }).groups[0]!.required).toBe(false);
  });

  it('reads the built-in groups an older version saved with its default `required: true` as not required, keeping the rest', () => {
    const settings = DatasetSettingsSchema.parse({ version: 1, triggerWords: ['ohwx'], lint: LEGACY_SAVED });
    expect(required(settings.lint)).toEqual({ 'camera angle': false, pose: false, framing: false });
    expect(settings.lint).toMatchObject({ version: 2, disabled: ['clip-budget'], clipBudget: 150, groupMajority: 0.6 });
    expect(settings.lint.groups.map((g) => g.tags)).toEqual(LEGACY_SAVED.groups.map((g) => g.tags));
  });

  it('keeps `required` on groups the user wrote or changed by hand in an older file', () => {
    const custom = { name: 'species', tags: ['cat', 'dog'], exclusive: false, required: true };
    const edited = { ...LEGACY_SAVED.groups[1]!, tags: ['standing', 'sitting'] };
    const lint = LintSettingsSchema.parse({ ...LEGACY_SAVED, groups: [LEGACY_SAVED.groups[0], edited, custom, { name: 'light', tags: ['sunlight'] }] });
    expect(required(lint)).toEqual({ 'camera angle': false, pose: true, species: true, light: false });
  });

  it('honours `required: true` on a built-in group in a current file: the user chose it', () => {
    const current = LintSettingsSchema.parse({});
    const chosen = { ...current, groups: current.groups.map((g) => (g.name === 'framing' ? { ...g, required: true } : g)) };
    const stored = JSON.parse(JSON.stringify(chosen)) as unknown;
    expect(required(LintSettingsSchema.parse(stored))).toEqual({ 'camera angle': false, pose: false, framing: true });
  });

  it('is stable through a save and a load: the migrated settings read back the same', () => {
    const once = DatasetSettingsSchema.parse({ lint: LEGACY_SAVED });
    const twice = DatasetSettingsSchema.parse(JSON.parse(JSON.stringify(once)));
    expect(twice).toEqual(once);
  });

  it('validates groupMajority as a share from 0 to 1, and refuses an unknown lint version', () => {
    expect(LintSettingsSchema.parse({ groupMajority: 0 }).groupMajority).toBe(0);
    expect(LintSettingsSchema.parse({ groupMajority: 1 }).groupMajority).toBe(1);
    for (const groupMajority of [-0.1, 1.01, Number.NaN, '0.6']) expect(LintSettingsSchema.safeParse({ groupMajority }).success).toBe(false);
    expect(LintSettingsSchema.safeParse({ version: 3 }).success).toBe(false);
  });
});
