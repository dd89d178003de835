import fs from 'node:fs';
import path from 'node:path';
import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { readJsonFile, zodLine } from '../fs/json-file.ts';

/*
 * Everything Tagsmith stores lives in <root>/.tagsmith/, and that folder holds only JSON (settings,
 * journal entries, a lock file): no images, no .txt, no .caption. kohya sd-scripts, OneTrainer and
 * ai-toolkit pair images with captions by extension, and most of them also skip dot-folders, so
 * nothing in here is ever picked up as training data.
 */
export const TAGSMITH_DIR = '.tagsmith';

export { CAPTION_EXTENSIONS, DatasetSettingsSchema, type DatasetSettings } from '../../../shared/settings.ts';
import { DatasetSettingsSchema, type DatasetSettings } from '../../../shared/settings.ts';

export const defaultSettings = (): DatasetSettings => DatasetSettingsSchema.parse({});

export const tagsmithDir = (root: string): string => path.join(root, TAGSMITH_DIR);
export const settingsPath = (root: string): string => path.join(root, TAGSMITH_DIR, 'settings.json');

export interface LoadedSettings {
  settings: DatasetSettings;
  /** Set when settings.json exists but is unreadable or invalid: defaults are in use and the file must not be overwritten. */
  problem?: AppError;
}

export async function loadSettings(root: string): Promise<LoadedSettings> {
  const read = await readJsonFile(settingsPath(root), DatasetSettingsSchema);
  switch (read.state) {
    case 'missing':
      return { settings: defaultSettings() };
    case 'ok':
      return { settings: read.value };
    case 'invalid':
      return { settings: defaultSettings(), problem: { kind: 'invalid-settings', message: read.message } };
  }
}

/** current + patch, validated. Keys in the patch that are undefined are ignored. */
export function mergeSettings(current: DatasetSettings, patch: Partial<DatasetSettings>): Result<DatasetSettings> {
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) merged[k] = v;
  const parsed = DatasetSettingsSchema.safeParse(merged);
  if (!parsed.success) return err({ kind: 'invalid-settings', message: zodLine(parsed.error) });
  return ok(parsed.data);
}

/** The before/after of only the keys the patch really changes (JSON equality), for the journal. */
export function settingsDelta(
  current: DatasetSettings,
  next: DatasetSettings,
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(current), ...Object.keys(next)]);
  for (const k of keys) {
    const a = (current as Record<string, unknown>)[k];
    const b = (next as Record<string, unknown>)[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      before[k] = a;
      after[k] = b;
    }
  }
  return Object.keys(after).length === 0 ? null : { before, after };
}

export async function saveSettings(root: string, settings: DatasetSettings): Promise<void> {
  await fs.promises.mkdir(tagsmithDir(root), { recursive: true });
  await writeFileAtomic(settingsPath(root), JSON.stringify(settings, null, 2) + '\n', { fsync: true });
}
