import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { ok, type AppError, type Result } from '../../../shared/result.ts';
import { loadConfigSection, updateConfigFile } from './prefs-file.ts';

/*
 * The desktop app's recent dataset folders, a section of the per-user config file beside `editor`:
 *
 *   "recent": { "folders": ["/data/set-b", "/data/set-a"] }     // most recent first
 *
 * Kept per user, not per dataset, and in the same file `tagsmith serve` reads, so a person's list
 * follows them however they start the app. A folder that is gone (an unplugged drive, a network share
 * not mounted yet) stays listed but marked missing: it usually comes back, and dropping it would
 * forget it for good.
 */

export const RECENT_SECTION = 'recent';
/** Enough to cover the datasets of one project; a File menu longer than this stops being quick. */
export const RECENT_LIMIT = 10;

const RecentSectionSchema = z.looseObject({
  folders: z.array(z.string()).default(() => []),
});

export interface RecentFolder {
  path: string;
  /** The folder is not there now; it is shown but cannot be opened until it comes back. */
  missing: boolean;
}

/** Absolute paths only, each once: a hand-edited or older file may hold anything. */
function clean(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    if (!path.isAbsolute(raw)) continue;
    const folder = path.resolve(raw);
    if (seen.has(folder)) continue;
    seen.add(folder);
    out.push(folder);
  }
  return out;
}

/** `folder` first, its older entry removed, the list cut to `limit`. Pure. */
export function withRecent(list: readonly string[], folder: string, limit = RECENT_LIMIT): string[] {
  return clean([path.resolve(folder), ...list]).slice(0, limit);
}

const isFolder = (folder: string): boolean => {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
};

/** The list, most recent first, each marked whether it is there now. A broken file gives an empty list. */
export async function loadRecentFolders(file: string): Promise<RecentFolder[]> {
  const { section } = await loadConfigSection(file, RECENT_SECTION, RecentSectionSchema);
  return clean(section.folders)
    .slice(0, RECENT_LIMIT)
    .map((folder) => ({ path: folder, missing: !isFolder(folder) }));
}

function updateFolders(file: string, change: (folders: string[]) => string[]): Promise<Result<void, AppError>> {
  return updateConfigFile(file, (prefs) => {
    const raw = (prefs as Record<string, unknown>)[RECENT_SECTION];
    const parsed = RecentSectionSchema.safeParse(raw ?? {});
    // A section someone broke by hand is replaced rather than blocking the list forever: it holds
    // nothing but paths this app wrote.
    const section = parsed.success ? parsed.data : { folders: [] };
    const next = change(section.folders);
    if (raw !== undefined && next.length === section.folders.length && next.every((f, i) => f === section.folders[i])) return ok(prefs);
    return ok({ ...prefs, [RECENT_SECTION]: { ...section, folders: next } });
  }).then((r) => (r.ok ? ok(undefined) : r));
}

/** Puts `folder` at the top of the list (the user just opened it). */
export const rememberRecentFolder = (file: string, folder: string): Promise<Result<void, AppError>> =>
  updateFolders(file, (folders) => withRecent(folders, folder));

/** Empties the list (File > Open Recent > Clear). */
export const clearRecentFolders = (file: string): Promise<Result<void, AppError>> => updateFolders(file, () => []);
