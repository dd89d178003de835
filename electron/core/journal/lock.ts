import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { isErrno } from '../fs/errno.ts';

/** False only when the pid certainly does not exist (ESRCH). EPERM means it exists but is not ours. */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return !isErrno(e, 'ESRCH');
  }
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * The dataset lock: <root>/.tagsmith/lock, created with O_EXCL, first line the holder's pid. It is
 * held only for the length of one mutation, so the app and a CLI can both have the dataset open.
 * A lock whose pid is dead (process killed mid-batch) is stale and taken over. Known limit: if the
 * pid was reused by an unrelated process the lock looks live and mutations report `locked` until
 * the file is removed; the message names the file for that reason.
 */
export async function acquireLock(tagsmithDir: string, opts: { waitMs?: number } = {}): Promise<Result<HeldLock, AppError>> {
  await fs.promises.mkdir(tagsmithDir, { recursive: true });
  const lockPath = path.join(tagsmithDir, 'lock');
  const token = crypto.randomBytes(8).toString('hex');
  const content = `${process.pid}\n${token}\n`;
  const deadline = Date.now() + (opts.waitMs ?? 0);
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.promises.writeFile(lockPath, content, { flag: 'wx' });
      return ok({ release: () => releaseLock(lockPath, token) });
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) return err({ kind: 'io', message: `cannot create ${lockPath}: ${(e as Error).message}` });
    }
    let holder: number | null = null;
    try {
      holder = Number.parseInt((await fs.promises.readFile(lockPath, 'utf8')).split('\n')[0] ?? '', 10);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) continue; // released between our open and our read
    }
    // An empty lock file is one whose creator has not written its pid yet: live unless it is old.
    const unnamed = holder === null || Number.isNaN(holder);
    const live = unnamed ? await isFreshFile(lockPath) : isPidAlive(holder!);
    if (!live) {
      // Stale (or unreadable garbage): remove and race for it again with O_EXCL, so two processes
      // taking over the same stale lock cannot both win the create.
      try {
        await fs.promises.unlink(lockPath);
      } catch (e) {
        if (!isErrno(e, 'ENOENT')) return err({ kind: 'io', message: `cannot remove stale ${lockPath}: ${(e as Error).message}` });
      }
      if (attempt < 20) continue;
    }
    if (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const who = unnamed ? 'another process' : holder === process.pid ? 'this process' : `process ${holder}`;
    return err({
      kind: 'locked',
      message: `the dataset is being modified by ${who} (lock file ${lockPath}); try again when it has finished`,
    });
  }
}

async function isFreshFile(p: string): Promise<boolean> {
  try {
    return Date.now() - (await fs.promises.stat(p)).mtimeMs < 2000;
  } catch {
    return false;
  }
}

async function releaseLock(lockPath: string, token: string): Promise<void> {
  // Only remove the lock if it is still ours (a stale-lock takeover by another process must survive).
  try {
    const text = await fs.promises.readFile(lockPath, 'utf8');
    if (text.split('\n')[1] === token) await fs.promises.unlink(lockPath);
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) throw e;
  }
}
