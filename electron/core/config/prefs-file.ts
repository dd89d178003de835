import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { applyPrefsPatch, defaultPrefs, UserPrefsSchema, type EditorPrefsPatch, type UserPrefs } from '../../../shared/prefs/prefs.ts';
import { err, ok, type AppError, type Result } from '../../../shared/result.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { errnoLine } from '../fs/errno.ts';
import { readJsonFile, zodLine } from '../fs/json-file.ts';

/*
 * The per-user config file (config-path.ts says where). People edit it by hand, and two processes
 * (the desktop app and a `tagsmith serve`) may update it, so:
 * - a file that cannot be read or does not validate gives defaults and a problem line, and is never
 *   overwritten: updates are refused until the person fixes (or deletes) it;
 * - an update re-reads the file, applies only its patch, and writes atomically, so keys the other
 *   process (or a later version of Tagsmith) wrote meanwhile survive.
 */

export interface LoadedPrefs {
  prefs: UserPrefs;
  /** Set when the file exists but is unreadable or invalid: defaults are in use and the file is left alone. */
  problem?: AppError;
  /** Whether the file exists (a new file gets owner-only permissions). */
  exists: boolean;
}

export async function loadPrefs(file: string): Promise<LoadedPrefs> {
  const read = await readJsonFile(file, UserPrefsSchema);
  switch (read.state) {
    case 'missing':
      return { prefs: defaultPrefs(), exists: false };
    case 'ok':
      return { prefs: read.value, exists: true };
    case 'invalid': {
      const message = `${read.message} (defaults in use; preferences are not saved until it is fixed or removed)`;
      return { prefs: defaultPrefs(), exists: true, problem: { kind: 'invalid-settings', message } };
    }
  }
}

/** Updates of one file within this process run one after another (a promise chain per file). */
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  // Forget an idle file, so the map does not grow with every temp file the tests use.
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

/** Re-reads the file, applies the patch and saves; refuses (writing nothing) if the file is invalid. */
export function updatePrefs(file: string, patch: EditorPrefsPatch): Promise<Result<UserPrefs, AppError>> {
  return updateConfigFile(file, (prefs) => ok(applyPrefsPatch(prefs, patch)));
}

/**
 * The one read-modify-write of the file, for the editor preferences and the machine-level sections
 * (llm-config.ts): `change` gets what is on disk now; returning the same object writes nothing.
 */
export function updateConfigFile(file: string, change: (prefs: UserPrefs) => Result<UserPrefs, AppError>): Promise<Result<UserPrefs, AppError>> {
  return serialized(path.resolve(file), async () => {
    const loaded = await loadPrefs(file);
    if (loaded.problem) return err(loaded.problem);
    const changed = change(loaded.prefs);
    if (!changed.ok) return changed;
    if (changed.value === loaded.prefs) return ok(loaded.prefs);
    const next = UserPrefsSchema.safeParse(changed.value);
    if (!next.success) return err({ kind: 'invalid-settings', message: zodLine(next.error) });
    try {
      await savePrefs(file, next.data, loaded.exists);
    } catch (e) {
      return err({ kind: 'io', message: `cannot save ${file}: ${errnoLine(e)}` });
    }
    return ok(next.data);
  });
}

async function savePrefs(file: string, prefs: UserPrefs, exists: boolean): Promise<void> {
  // A config file kept in a dotfiles repo is often a symlink: write through it, not over it.
  const target = exists ? await fs.promises.realpath(file).catch(() => file) : file;
  // Owner-only for a new folder and file: machine-level settings (API keys) are meant to join them.
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  await writeFileAtomic(target, `${JSON.stringify(prefs, null, 2)}\n`, { fsync: true, ...(exists ? {} : { mode: 0o600 }) });
}

/** A machine-level section of the config file beside `editor` (llm, tagger…), parsed with its schema. */
export interface LoadedSection<T> {
  section: T;
  /** The file or its section is invalid: the section's defaults are in use (and nothing is saved into it). */
  problem?: AppError;
}

export async function loadConfigSection<S extends z.ZodType>(file: string, key: string, schema: S): Promise<LoadedSection<z.output<S>>> {
  const loaded = await loadPrefs(file);
  const defaults = schema.parse({});
  if (loaded.problem) return { section: defaults, problem: loaded.problem };
  const parsed = schema.safeParse((loaded.prefs as Record<string, unknown>)[key] ?? {});
  if (!parsed.success) return { section: defaults, problem: sectionProblem(file, key, parsed.error) };
  return { section: parsed.data };
}

export const sectionProblem = (file: string, key: string, error: z.ZodError): AppError => ({ kind: 'invalid-settings', message: `${file}: ${key}: ${zodLine(error)}` });
