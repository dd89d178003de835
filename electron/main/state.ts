// What the desktop app remembers between runs (userData/state.json) and how it picks the folder to
// open at start. Plain Node, no electron import, so it is unit-tested.
import fs from 'node:fs';
import path from 'node:path';

export interface AppState {
  /** Absolute path of the dataset folder open when the app last switched folders. */
  lastFolder?: string;
}

/** A missing or damaged state file is an empty state: it only saves the user one dialog. */
export function readState(file: string): AppState {
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (raw === null || typeof raw !== 'object') return {};
    const last = (raw as { lastFolder?: unknown }).lastFolder;
    return typeof last === 'string' && path.isAbsolute(last) ? { lastFolder: last } : {};
  } catch {
    return {};
  }
}

/** Temp file + rename: a crash mid-write leaves the previous state, never half a file. */
export function writeState(file: string, state: AppState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/**
 * The dataset folder named on a command line (`tagsmith <dir>`, or a second launch), resolved against
 * the directory it was typed in. Flags (Electron's, Chromium's, ours) are skipped.
 */
export function folderFromArgs(args: readonly string[], cwd: string): string | null {
  const first = args.find((a) => a.length > 0 && !a.startsWith('-'));
  return first === undefined ? null : path.resolve(cwd, first);
}

export type StartCandidate = { folder: string; source: 'command line' | 'last used' | 'sample' };

/** Where to look at start, in order: the command line, the folder last used, the bundled sample. */
export function startCandidates(opts: { fromArgs: string | null; state: AppState; sample: string }): StartCandidate[] {
  const list: StartCandidate[] = [];
  if (opts.fromArgs) list.push({ folder: opts.fromArgs, source: 'command line' });
  if (opts.state.lastFolder && opts.state.lastFolder !== opts.fromArgs) list.push({ folder: opts.state.lastFolder, source: 'last used' });
  list.push({ folder: opts.sample, source: 'sample' });
  return list;
}

/**
 * The bundled sample may sit in a read-only install folder (a .deb under /opt, an AppImage mount),
 * and editing it must work: the user gets a copy of their own, made once.
 */
export function ensureSampleCopy(bundled: string, userData: string): string {
  fs.mkdirSync(userData, { recursive: true });
  const copy = path.join(userData, 'sample');
  if (fs.existsSync(copy)) return copy;
  const tmp = `${copy}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(bundled, tmp, { recursive: true });
  fs.renameSync(tmp, copy);
  return copy;
}
