import fs from 'node:fs';
import path from 'node:path';
import type { Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { errnoMessage, isErrno } from '../fs/errno.ts';
import { confinementPaths, confinementRefusal, realDestination, type ExportConfinement } from './confine.ts';

const invalid = (message: string) => err({ kind: 'invalid-destination', message });

/**
 * An export goes to a new folder or an empty one, never inside the dataset (it would become part of
 * the dataset it copies, and a later scan would see every image twice). "Inside" is decided on the
 * real folders, by identity (device + inode) rather than by comparing path text, so a symlink, a
 * `..`, or another letter case on a case-insensitive disk cannot hide that the dataset is an ancestor.
 * With `confine` (web mode), the destination must also pass confine.ts's rules.
 */
export async function checkDestination(root: string, to: string, confine?: ExportConfinement): Promise<Result<{ exists: boolean }>> {
  if (!path.isAbsolute(to)) return invalid(`export destination must be an absolute path: ${to}`);
  try {
    return await check(root, to, confine);
  } catch (e) {
    // A dangling symlink, a folder we may not read...: whatever it is, nothing is written there.
    return invalid(`cannot use ${to} as the export destination (${errnoMessage(e)})`);
  }
}

async function check(root: string, to: string, confine: ExportConfinement | undefined): Promise<Result<{ exists: boolean }>> {
  const rootStat = await fs.promises.stat(root, { bigint: true });
  const target = await realDestination(to);
  for (let dir = target.real; ; dir = path.dirname(dir)) {
    const st = await statOrNull(dir);
    if (st && st.dev === rootStat.dev && st.ino === rootStat.ino) {
      const what = dir === target.real ? 'is the dataset folder' : `is inside the dataset ${root}`;
      return invalid(`${to} ${what}; export to a folder outside it`);
    }
    if (path.dirname(dir) === dir) break;
  }
  if (confine) {
    let paths: Awaited<ReturnType<typeof confinementPaths>>;
    try {
      paths = await confinementPaths(confine);
    } catch (e) {
      return invalid(`the export folder ${confine.root} cannot be used (${errnoMessage(e)}); nothing was exported`);
    }
    const refusal = confinementRefusal(paths.root, target, paths.home);
    if (refusal) return invalid(refusal);
  }

  let st: fs.Stats;
  try {
    st = await fs.promises.stat(to);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return ok({ exists: false });
    throw e;
  }
  if (!st.isDirectory()) return invalid(`${to} exists and is not a folder`);
  if ((await fs.promises.readdir(to)).length > 0) return invalid(`${to} is not empty; export into a new or empty folder`);
  return ok({ exists: true });
}

/** The real path's parts that do not exist yet cannot be the dataset. */
async function statOrNull(p: string): Promise<fs.BigIntStats | null> {
  try {
    return await fs.promises.stat(p, { bigint: true });
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return null;
    throw e;
  }
}

/*
 * Staging: everything is written into `<to>.partial-<pid>` beside the destination and renamed to
 * `<to>` at the end, so `<to>` either does not exist or holds a complete export; a trainer pointed
 * at it never reads half a dataset. A failed export removes its staging folder; one left by a crash
 * names the process that wrote it and can be deleted by hand.
 */
export function stagingPath(to: string): string {
  return `${path.resolve(to)}.partial-${process.pid}`;
}

/**
 * New folders get the default mode, so the user's umask decides who may read the export. The
 * staging folder replaces an existing empty destination at the end: it takes that folder's mode
 * before anything is written into it, so a folder the user made private (0700) stays private, also
 * while the export is being written.
 */
export async function createStaging(to: string, existed: boolean): Promise<string> {
  const stage = stagingPath(to);
  await fs.promises.mkdir(path.dirname(stage), { recursive: true });
  // Only this process uses this name; a leftover of it is from an earlier export of ours that died.
  await fs.promises.rm(stage, { recursive: true, force: true });
  await fs.promises.mkdir(stage);
  if (existed) {
    // Gone meanwhile: commitStaging copes with that; the default mode is then the right one.
    const mode = await fs.promises.stat(to).then((st) => st.mode & 0o7777, () => null);
    if (mode !== null) await fs.promises.chmod(stage, mode);
  }
  return stage;
}

/** Moves the finished export into place. An empty destination is removed first (Windows cannot rename over it). */
export async function commitStaging(stage: string, to: string, existed: boolean): Promise<void> {
  if (existed) {
    try {
      await fs.promises.rmdir(to);
    } catch (e) {
      if (isErrno(e, 'ENOTEMPTY') || isErrno(e, 'EEXIST')) throw new Error(`${to} is no longer empty; nothing was exported there`);
      if (!isErrno(e, 'ENOENT')) throw e;
    }
  }
  try {
    await fs.promises.rename(stage, to);
  } catch (e) {
    if (isErrno(e, 'ENOTEMPTY') || isErrno(e, 'EEXIST')) throw new Error(`${to} was created by another program meanwhile; nothing was exported there`);
    throw e;
  }
}
