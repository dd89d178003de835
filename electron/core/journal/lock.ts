import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppError, Result } from '../../../shared/result.ts';
import { err, ok } from '../../../shared/result.ts';
import { errnoMessage, isErrno } from '../fs/errno.ts';
import { nodeCrypto } from '../fs/lazy-builtins.ts';

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
 * The dataset lock: <root>/.tagsmith/lock. It is held only for the length of one mutation, so the app
 * and a CLI can both have the dataset open. The file is three lines: pid, a random token, host name.
 * Older versions wrote only "pid" or "pid\ntoken"; those read as locks of this host.
 *
 * Creating: the full content is written to a private temp file, then hard-linked to the lock path.
 * link() fails with EEXIST when a lock exists, so at most one creator wins, and nobody ever sees an
 * empty or half-written lock. (On file systems without hard links, FAT/exFAT and some network
 * shares, it falls back to an O_EXCL create followed by the write; a lock found empty is then judged
 * live for two seconds, as with older versions.)
 *
 * Taking over a stale lock (same host, dead pid) is where the old code let two processes both win:
 * A and B both judge content S stale, B removes S and creates its own lock, then A removes B's lock
 * thinking it is S. Nothing in POSIX removes or replaces a file only "if it still holds S", and a
 * rename of the lock to a private name does not help either: if it grabs a fresh lock instead of S,
 * the lock path is empty until it is put back, and a third process can create one meanwhile. So the
 * right to replace S is itself a lock, the break guard `lock.break.<hash of S>`, created exactly like
 * the lock (link, so one creator wins):
 *   1. Whoever holds the guard re-reads the lock; if it still holds S (and S still looks stale), it
 *      renames a fresh lock file of its own over it, which replaces S atomically.
 *   2. While the lock path holds S, nothing else can remove or replace it: creators only link (which
 *      never replaces), S's owner is dead, and only a guard holder may replace it, of which there is
 *      one at a time (a guard, like the lock, is only taken over from a dead holder). So S is still
 *      there when the guard holder's rename lands, and the rename replaces S, never someone's live lock.
 *   3. A breaker that comes late takes the guard after the winner dropped it, reads the lock, finds
 *      S gone (tokens are random, so S never comes back) and starts over as an ordinary waiter.
 * A breaker killed while holding the guard leaves a stale guard; it is taken over by the same rule one
 * level up (a guard for the guard). A lock or guard from another host is never taken over: its pid
 * means nothing here. Finally the winner re-reads the lock and holds it only if the content is its own.
 *
 * Known limits: if a dead holder's pid was reused by an unrelated process, the lock looks live and
 * mutations report `locked` until the file is removed (the message names it). Pid-only lock files from
 * older versions have no token, so step 3 relies on the re-check that the pid is still dead. Hosts
 * are told apart by name only, so two machines both called "localhost" on one share look alike. An
 * older Tagsmith running at the same time still takes over by unlinking, outside this protocol.
 */
export async function acquireLock(tagsmithDir: string, opts: { waitMs?: number } = {}): Promise<Result<HeldLock, AppError>> {
  const lockPath = path.join(tagsmithDir, 'lock');
  try {
    return await acquire(tagsmithDir, lockPath, opts.waitMs ?? 0);
  } catch (e) {
    return err({ kind: 'io', message: `cannot take the dataset lock ${lockPath}: ${errnoMessage(e)}` });
  }
}

/** The name of the file whose holder alone may replace a stale lock (or guard) with this content. */
export function breakGuardName(staleContent: string): string {
  return `lock.break.${nodeCrypto().createHash('sha256').update(staleContent).digest('hex').slice(0, 32)}`;
}

const GUARD_RE = /^lock\.break\.[0-9a-f]{32}$/;
const TEMP_RE = /^lock\.[0-9a-f]{16}\.tmp$/;
/** Guards of guards are only needed when breakers are killed mid-takeover; more levels mean something odd. */
const MAX_GUARD_DEPTH = 4;
/** Immediate retries after the lock changed under us, before waiting like for a live holder. */
const MAX_QUICK_RETRIES = 20;

interface Holder {
  pid: number | null;
  host: string | null;
}

/** Who (or what) keeps us from the lock, for the message when we give up. */
type Blocker = { kind: 'live'; pid: number | null } | { kind: 'foreign'; pid: number | null; host: string; file: string };

type Verdict = { kind: 'stale' } | Blocker;

type TakeOver = { kind: 'taken' } | { kind: 'changed' } | Blocker;

async function acquire(dir: string, lockPath: string, waitMs: number): Promise<Result<HeldLock, AppError>> {
  await fs.promises.mkdir(dir, { recursive: true });
  const mine = lockContent();
  const deadline = Date.now() + waitMs;
  let quickRetries = 0;
  for (;;) {
    const attempt = await tryOnce(dir, lockPath, mine);
    if (attempt.kind === 'held') return ok(await held(dir, lockPath, mine));
    // Released, replaced or taken over while we looked: look again at once, a bounded number of times.
    if (attempt.kind === 'changed' && quickRetries++ < MAX_QUICK_RETRIES) continue;
    if (Date.now() < deadline) {
      // Jittered, so waiters that woke together do not keep colliding.
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
      continue;
    }
    const blocker: Blocker = attempt.kind === 'changed' ? { kind: 'live', pid: null } : attempt;
    return err({ kind: 'locked', message: lockedMessage(lockPath, blocker) });
  }
}

async function tryOnce(dir: string, lockPath: string, mine: string): Promise<{ kind: 'held' } | { kind: 'changed' } | Blocker> {
  if ((await createExclusive(lockPath, mine)) === 'created' && (await readOrNull(lockPath)) === mine) return { kind: 'held' };
  const text = await readOrNull(lockPath);
  if (text === null) return { kind: 'changed' };
  // A lost reply on a network share can report EEXIST for a link that did happen: the content says.
  if (text === mine) return { kind: 'held' };
  const verdict = await judge(lockPath, text);
  if (verdict.kind !== 'stale') return verdict;
  const r = await takeOver(dir, lockPath, text, mine, 0);
  if (r.kind !== 'taken') return r;
  // The re-read: we hold the lock only if it says so.
  return (await readOrNull(lockPath)) === mine ? { kind: 'held' } : { kind: 'changed' };
}

/**
 * Replaces `target`, which held `stale` when judged, with `fresh`, if and only if it still holds
 * `stale`. See the comment above acquireLock for why only the guard holder may do that.
 */
async function takeOver(dir: string, target: string, stale: string, fresh: string, depth: number): Promise<TakeOver> {
  if (depth > MAX_GUARD_DEPTH) return { kind: 'live', pid: null };
  const guard = path.join(dir, breakGuardName(stale));
  const marker = lockContent();
  if ((await createExclusive(guard, marker)) === 'exists') {
    const other = await readOrNull(guard);
    if (other === null) return { kind: 'changed' }; // the other breaker just finished
    if (other !== marker) {
      const verdict = await judge(guard, other);
      if (verdict.kind !== 'stale') return verdict; // someone is breaking it right now, or another host is
      const r = await takeOver(dir, guard, other, marker, depth + 1); // that breaker died mid-way
      if (r.kind !== 'taken') return r;
    }
  }
  try {
    const now = await readOrNull(target);
    if (now !== stale) return { kind: 'changed' };
    // Judged again now that we hold the guard: a token-less or empty lock of an older version may be a
    // new one with the same bytes.
    if ((await judge(target, now)).kind !== 'stale') return { kind: 'changed' };
    return (await replaceWith(target, fresh)) ? { kind: 'taken' } : { kind: 'changed' };
  } finally {
    await removeIfContent(guard, marker);
  }
}

async function held(dir: string, lockPath: string, mine: string): Promise<HeldLock> {
  await sweepDebris(dir);
  return { release: () => removeIfContent(lockPath, mine) };
}

function lockContent(): string {
  return `${process.pid}\n${nodeCrypto().randomBytes(8).toString('hex')}\n${hostName()}\n`;
}

function hostName(): string {
  return os.hostname().replace(/\s+/g, ' ').trim() || 'unknown-host';
}

function parseHolder(text: string): Holder {
  const lines = text.split('\n');
  const pidLine = lines[0]?.trim() ?? '';
  const pid = /^\d+$/.test(pidLine) ? Number(pidLine) : null;
  const host = lines[2]?.trim() || null;
  return { pid, host };
}

async function judge(file: string, text: string): Promise<Verdict> {
  const { pid, host } = parseHolder(text);
  if (host !== null && host !== hostName()) return { kind: 'foreign', pid, host, file };
  // No pid: an older version's lock whose creator has not written it yet (live unless old), or garbage.
  if (pid === null) return (await isFreshFile(file)) ? { kind: 'live', pid: null } : { kind: 'stale' };
  return isPidAlive(pid) ? { kind: 'live', pid } : { kind: 'stale' };
}

function lockedMessage(lockPath: string, b: Blocker): string {
  if (b.kind === 'foreign') {
    const who = b.pid === null ? 'a process' : `process ${b.pid}`;
    return (
      `the dataset is locked by ${who} on another computer, ${b.host} (lock file ${b.file}). Tagsmith never ` +
      `takes over a lock from another computer, as with a dataset on a shared folder: if nothing is ` +
      `modifying this dataset on ${b.host}, delete ${b.file} by hand`
    );
  }
  const who = b.pid === null ? 'another process' : b.pid === process.pid ? 'this process' : `process ${b.pid}`;
  return `the dataset is being modified by ${who} (lock file ${lockPath}); try again when it has finished`;
}

/** Creates `target` holding `text` unless it exists. Never replaces an existing file. */
async function createExclusive(target: string, text: string): Promise<'created' | 'exists'> {
  const tmp = path.join(path.dirname(target), `lock.${nodeCrypto().randomBytes(8).toString('hex')}.tmp`);
  await fs.promises.writeFile(tmp, text, { flag: 'wx' });
  try {
    await fs.promises.link(tmp, target);
    return 'created';
  } catch (e) {
    if (isErrno(e, 'EEXIST')) return 'exists';
    // No hard links on this file system: O_EXCL is atomic too, only the content comes a moment later.
    try {
      await fs.promises.writeFile(target, text, { flag: 'wx' });
      return 'created';
    } catch (e2) {
      if (isErrno(e2, 'EEXIST')) return 'exists';
      throw e2;
    }
  } finally {
    await fs.promises.unlink(tmp).catch(() => undefined);
  }
}

/** Atomically puts `text` at `target`, whatever is there. False if Windows refused (file open). */
async function replaceWith(target: string, text: string): Promise<boolean> {
  const tmp = path.join(path.dirname(target), `lock.${nodeCrypto().randomBytes(8).toString('hex')}.tmp`);
  await fs.promises.writeFile(tmp, text, { flag: 'wx' });
  try {
    await fs.promises.rename(tmp, target);
    return true;
  } catch (e) {
    await fs.promises.unlink(tmp).catch(() => undefined);
    if (process.platform === 'win32' && ['EPERM', 'EACCES', 'EBUSY'].some((c) => isErrno(e, c))) return false;
    throw e;
  }
}

/**
 * Removes `file` if it holds exactly `text` (ours). Between the read and the unlink nobody else can
 * replace it: that needs its guard, and guards are only taken over from dead holders.
 */
async function removeIfContent(file: string, text: string): Promise<void> {
  try {
    if ((await fs.promises.readFile(file, 'utf8')) === text) await fs.promises.unlink(file);
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) throw e;
  }
}

/**
 * Removes temp files and break guards left by processes killed mid-way (their pid is inside). Runs
 * while we hold the lock: every chain of guards then ends at a lock content that is gone for good,
 * so whoever holds a guard will find its target changed and back off; removing one cannot let two
 * breakers in. Best effort.
 */
async function sweepDebris(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!GUARD_RE.test(name) && !TEMP_RE.test(name)) continue;
    const file = path.join(dir, name);
    const text = await readOrNull(file).catch(() => null);
    if (text !== null && (await judge(file, text)).kind === 'stale') await fs.promises.unlink(file).catch(() => undefined);
  }
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return null;
    throw e;
  }
}

async function isFreshFile(p: string): Promise<boolean> {
  try {
    return Date.now() - (await fs.promises.stat(p)).mtimeMs < 2000;
  } catch {
    return false;
  }
}
