import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { thisHost } from '../fs/atomic-write.ts';
import { makeTree, removeTree } from '../dataset/test-fixtures.ts';
import { Dataset } from '../dataset/dataset.ts';
import { FOREIGN_TEMP_STALE_MS, isTempDebris } from './temp-debris.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

// A pid no process has here (pid_max is at most 2^22 on Linux).
const DEAD = 2 ** 22 + 7;
const OTHER_HOST = thisHost() === 'ffffffff' ? 'eeeeeeee' : 'ffffffff';

describe('temp files left by writers', () => {
  it('on this machine: debris once the process is gone; from another machine: only when old', async () => {
    const root = makeTree({ t: 'x' });
    roots.push(root);
    const file = path.join(root, 't');
    expect(await isTempDebris(file, { host: thisHost(), pid: DEAD })).toBe(true);
    expect(await isTempDebris(file, { host: thisHost(), pid: process.pid })).toBe(false);
    expect(await isTempDebris(file, { host: null, pid: DEAD })).toBe(true);
    // Another machine's pid says nothing here, dead or alive.
    expect(await isTempDebris(file, { host: OTHER_HOST, pid: DEAD })).toBe(false);
    expect(await isTempDebris(file, { host: OTHER_HOST, pid: DEAD }, Date.now() + FOREIGN_TEMP_STALE_MS + 1000)).toBe(true);
  });

  it('opening a dataset on a shared folder keeps the temp another machine is writing, and removes its own debris', async () => {
    const mine = `.a.txt.tagsmith-h${thisHost()}-${DEAD}-1.tmp`;
    const theirs = `.b.txt.tagsmith-h${OTHER_HOST}-${process.pid}-1.tmp`;
    const stale = `.c.txt.tagsmith-h${OTHER_HOST}-12-1.tmp`;
    const root = makeTree({ 'a.png': 'x', 'a.txt': 'one', [mine]: 'half', [theirs]: 'being written', [stale]: 'old' });
    roots.push(root);
    const old = new Date(Date.now() - FOREIGN_TEMP_STALE_MS - 60_000);
    fs.utimesSync(path.join(root, stale), old, old);
    await Dataset.open(root);
    const left = fs.readdirSync(root).filter((f) => f.endsWith('.tmp'));
    expect(left).toEqual([theirs]);
  });
});
