import fs from 'node:fs';
import path from 'node:path';
import type { Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { errnoMessage, isErrno } from '../fs/errno.ts';

const invalid = (message: string) => err({ kind: 'invalid-destination', message });

/**
 * An export goes to a new folder or an empty one, never inside the dataset (it would become part of
 * the dataset it copies, and a later scan would see every image twice). "Inside" is decided on the
 * real folders, by identity (device + inode) rather than by comparing path text, so a symlink, a
 * `..`, or another letter case on a case-insensitive disk cannot hide that the dataset is an ancestor.
 */
export async function checkDestination(root: string, to: string): Promise<Result<{ exists: boolean }>> {
  if (!path.isAbsolute(to)) return invalid(`export destination must be an absolute path: ${to}`);
  try {
    return await check(root, to);
  } catch (e) {
    // A dangling symlink, a folder we may not read...: whatever it is, nothing is written there.
    return invalid(`cannot use ${to} as the export destination (${errnoMessage(e)})`);
  }
}

async function check(root: string, to: string): Promise<Result<{ exists: boolean }>> {
  const rootStat = await fs.promises.stat(root, { bigint: true });
  let existing = path.resolve(to);
  while (!(await exists(existing))) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const realExisting = await fs.promises.realpath(existing);
  for (let dir = realExisting; ; dir = path.dirname(dir)) {
    const st = await fs.promises.stat(dir, { bigint: true });
    if (st.dev === rootStat.dev && st.ino === rootStat.ino) {
      const what = dir === realExisting && existing === path.resolve(to) ? 'is the dataset folder' : `is inside the dataset ${root}`;
      return invalid(`${to} ${what}; export to a folder outside it`);
    }
    if (path.dirname(dir) === dir) break;
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

async function exists(p: string): Promise<boolean> {
  try {
    await fs.promises.lstat(p);
    return true;
  } catch {
    return false;
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

export async function createStaging(to: string): Promise<string> {
  const stage = stagingPath(to);
  await fs.promises.mkdir(path.dirname(stage), { recursive: true });
  // Only this process uses this name; a leftover of it is from an earlier export of ours that died.
  await fs.promises.rm(stage, { recursive: true, force: true });
  await fs.promises.mkdir(stage);
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
