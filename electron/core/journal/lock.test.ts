import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, removeTree } from '../dataset/test-fixtures.ts';
import { acquireLock, isPidAlive } from './lock.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
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
});
