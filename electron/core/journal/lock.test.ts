import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTree, removeTree } from '../dataset/test-fixtures.ts';
import { acquireLock, breakGuardName, isPidAlive } from './lock.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

/** A child that stays alive until killed; killed after the test. */
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill()));
function livePid(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  children.push(child);
  return child.pid!;
}

function tagsmithDir(): string {
  const root = makeTree();
  roots.push(root);
  const dir = path.join(root, '.tagsmith');
  fs.mkdirSync(dir);
  return dir;
}

describe('dataset lock', () => {
  it('is exclusive while held and free after release', async () => {
    const dir = path.join(makeTree(), '.tagsmith');
    roots.push(path.dirname(dir));
    const a = await acquireLock(dir);
    expect(a.ok).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'lock'), 'utf8').split('\n')[0]).toBe(String(process.pid));
    const b = await acquireLock(dir);
    expect(b.ok).toBe(false);
    if (!b.ok) {
      expect(b.error.kind).toBe('locked');
      expect(b.error.message).toContain('this process');
    }
    if (a.ok) await a.value.release();
    expect(fs.existsSync(path.join(dir, 'lock'))).toBe(false);
    const c = await acquireLock(dir);
    expect(c.ok).toBe(true);
    if (c.ok) await c.value.release();
  });

  it('takes over a stale lock whose process is dead', async () => {
    const root = makeTree();
    roots.push(root);
    const pid = deadPid();
    expect(isPidAlive(pid)).toBe(false);
    fs.mkdirSync(path.join(root, '.tagsmith'));
    fs.writeFileSync(path.join(root, '.tagsmith', 'lock'), `${pid}\nsometoken\n`);
    const l = await acquireLock(path.join(root, '.tagsmith'));
    expect(l.ok).toBe(true);
    expect(fs.readFileSync(path.join(root, '.tagsmith', 'lock'), 'utf8').split('\n')[0]).toBe(String(process.pid));
    if (l.ok) await l.value.release();
  });

  it('refuses a lock held by another live process, naming it', async () => {
    const root = makeTree();
    roots.push(root);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.mkdirSync(path.join(root, '.tagsmith'));
      fs.writeFileSync(path.join(root, '.tagsmith', 'lock'), `${child.pid}\ntheirs\n`);
      const l = await acquireLock(path.join(root, '.tagsmith'), { waitMs: 100 });
      expect(l.ok).toBe(false);
      if (!l.ok) {
        expect(l.error.kind).toBe('locked');
        expect(l.error.message).toContain(`process ${child.pid}`);
      }
      expect(fs.readFileSync(path.join(root, '.tagsmith', 'lock'), 'utf8')).toBe(`${child.pid}\ntheirs\n`);
    } finally {
      child.kill();
    }
  });

  it('release does not remove a lock that another process took over meanwhile', async () => {
    const root = makeTree();
    roots.push(root);
    const dir = path.join(root, '.tagsmith');
    const l = await acquireLock(dir);
    fs.writeFileSync(path.join(dir, 'lock'), '1\nsomeone-else\n');
    if (l.ok) await l.value.release();
    expect(fs.readFileSync(path.join(dir, 'lock'), 'utf8')).toBe('1\nsomeone-else\n');
  });

  it('records the pid, a token and the host name in the lock', async () => {
    const dir = tagsmithDir();
    const l = await acquireLock(dir);
    const lines = fs.readFileSync(path.join(dir, 'lock'), 'utf8').split('\n');
    expect(lines[0]).toBe(String(process.pid));
    expect(lines[1]).toMatch(/^[0-9a-f]{16}$/);
    expect(lines[2]).toBe(os.hostname());
    if (l.ok) await l.value.release();
  });

  it('never takes over a lock from another host, even with a pid dead here, and names the file to delete', async () => {
    const dir = tagsmithDir();
    const lockFile = path.join(dir, 'lock');
    const foreign = `${deadPid()}\nabcdef0123456789\nother-box.example\n`;
    fs.writeFileSync(lockFile, foreign);
    const l = await acquireLock(dir, { waitMs: 100 });
    expect(l.ok).toBe(false);
    if (!l.ok) {
      expect(l.error.kind).toBe('locked');
      expect(l.error.message).toContain('other-box.example');
      expect(l.error.message).toContain('another computer');
      expect(l.error.message).toContain(`delete ${lockFile} by hand`);
    }
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(foreign);
  });

  it('reads lock files of older versions (pid only, pid and token) as locks of this host', async () => {
    const dir = tagsmithDir();
    const lockFile = path.join(dir, 'lock');
    const live = livePid();
    for (const old of [`${live}\n`, `${live}`, `${live}\noldtoken\n`]) {
      fs.writeFileSync(lockFile, old);
      const l = await acquireLock(dir);
      expect(l.ok).toBe(false);
      if (!l.ok) expect(l.error.message).toContain(`process ${live}`);
      expect(fs.readFileSync(lockFile, 'utf8')).toBe(old);
    }
    const dead = deadPid();
    for (const old of [`${dead}\n`, `${dead}\noldtoken\n`]) {
      fs.writeFileSync(lockFile, old);
      const l = await acquireLock(dir);
      expect(l.ok).toBe(true);
      expect(fs.readFileSync(lockFile, 'utf8').split('\n')[0]).toBe(String(process.pid));
      if (l.ok) await l.value.release();
    }
  });

  it('release removes only the lock it took: not a later holder\u2019s, not twice', async () => {
    const dir = tagsmithDir();
    const lockFile = path.join(dir, 'lock');
    const a = await acquireLock(dir);
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    await a.value.release();
    const b = await acquireLock(dir);
    expect(b.ok).toBe(true);
    const theirs = fs.readFileSync(lockFile, 'utf8');
    await a.value.release();
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(theirs);
    // Same pid and host as ours, another token: a different holder (another lock of this process).
    fs.writeFileSync(lockFile, `${process.pid}\nffffffffffffffff\n${os.hostname()}\n`);
    if (b.ok) await b.value.release();
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(`${process.pid}\nffffffffffffffff\n${os.hostname()}\n`);
  });

  it('leaves a stale lock alone while another live process is taking it over', async () => {
    const dir = tagsmithDir();
    const stale = `${deadPid()}\n0123456789abcdef\n${os.hostname()}\n`;
    fs.writeFileSync(path.join(dir, 'lock'), stale);
    const breaker = livePid();
    fs.writeFileSync(path.join(dir, breakGuardName(stale)), `${breaker}\nfedcba9876543210\n${os.hostname()}\n`);
    const l = await acquireLock(dir, { waitMs: 100 });
    expect(l.ok).toBe(false);
    if (!l.ok) expect(l.error.message).toContain(`process ${breaker}`);
    expect(fs.readFileSync(path.join(dir, 'lock'), 'utf8')).toBe(stale);
  });

  it('takes over after a breaker was killed mid-takeover, and clears what the dead left behind', async () => {
    const dir = tagsmithDir();
    const dead = deadPid();
    const stale = `${dead}\n0123456789abcdef\n${os.hostname()}\n`;
    fs.writeFileSync(path.join(dir, 'lock'), stale);
    fs.writeFileSync(path.join(dir, breakGuardName(stale)), `${dead}\nfedcba9876543210\n${os.hostname()}\n`);
    fs.writeFileSync(path.join(dir, 'lock.00112233aabbccdd.tmp'), `${dead}\n1111111111111111\n${os.hostname()}\n`);
    fs.writeFileSync(path.join(dir, 'settings.json'), '{}');
    const l = await acquireLock(dir);
    expect(l.ok).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'lock'), 'utf8').split('\n')[0]).toBe(String(process.pid));
    expect(fs.readdirSync(dir).sort()).toEqual(['lock', 'settings.json']);
    if (l.ok) await l.value.release();
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it('works where the file system has no hard links (O_EXCL create instead)', async () => {
    const link = vi.spyOn(fs.promises, 'link').mockRejectedValue(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' }));
    try {
      const dir = tagsmithDir();
      fs.writeFileSync(path.join(dir, 'lock'), `${deadPid()}\n0123456789abcdef\n${os.hostname()}\n`);
      const a = await acquireLock(dir);
      expect(a.ok).toBe(true);
      expect(link).toHaveBeenCalled();
      expect(fs.readFileSync(path.join(dir, 'lock'), 'utf8').split('\n')[0]).toBe(String(process.pid));
      const b = await acquireLock(dir);
      expect(b.ok).toBe(false);
      if (a.ok) await a.value.release();
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      link.mockRestore();
    }
  });

  it('eight processes racing over stale locks never hold it at the same time, and all get it', async () => {
    const dir = tagsmithDir();
    const root = path.dirname(dir);
    const log = path.join(root, 'log');
    fs.writeFileSync(log, '');
    fs.writeFileSync(path.join(root, 'counter'), '0');
    const dead = deadPid();
    fs.writeFileSync(path.join(dir, 'lock'), `${dead}\n0123456789abcdef\n${os.hostname()}\n`);
    const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lock-stress-worker.ts');
    const racers = 8;
    const rounds = 12;
    const procs = Array.from({ length: racers }, () =>
      spawn(process.execPath, ['--import', 'tsx', worker, dir, log, String(rounds), String(dead)], { stdio: ['pipe', 'pipe', 'pipe'] }),
    );
    const stderr: string[] = [];
    const exits = procs.map(
      (p) =>
        new Promise<number | null>((resolve) => {
          p.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
          p.on('exit', (code) => resolve(code));
        }),
    );
    // Ready, or dead before that (then its exit code and stderr fail the test below).
    await Promise.all(procs.map((p) => new Promise<void>((resolve) => (p.stdout!.once('data', () => resolve()), p.once('exit', () => resolve())))));
    for (const p of procs) p.stdin!.on('error', () => undefined).end('go\n');
    const codes = await Promise.all(exits);
    expect(stderr.join('')).toBe('');
    expect(codes).toEqual(procs.map(() => 0));

    let holder: string | null = null;
    const entries = new Map<string, number>();
    for (const line of fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
      const [what, pid] = line.split(' ') as [string, string];
      if (what === 'enter') {
        expect(holder, `${pid} entered while ${holder} held the lock`).toBe(null);
        holder = pid;
        entries.set(pid, (entries.get(pid) ?? 0) + 1);
      } else {
        expect(holder).toBe(pid);
        holder = null;
      }
    }
    expect([...entries.values()]).toEqual(procs.map(() => rounds));
    expect(Number(fs.readFileSync(path.join(root, 'counter'), 'utf8'))).toBe(racers * rounds);
  });
});
