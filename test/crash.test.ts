import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captionFor, makeCaptionDataset } from './helpers/dataset-fixture.ts';
import { TAGSMITH, tagsmith } from './helpers/cli.ts';

// The crash test the data rules call for: SIGKILL the CLI in the middle of a 10,000-file batch, then
// check that every caption is entirely old or entirely new, and that the next open finishes the batch.
const COUNT = 10_000;
const oldText = (i: number) => captionFor(i);
const newText = (i: number) => captionFor(i).replaceAll('red', 'crimson');

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Starts the batch and kills it with SIGKILL as soon as the first caption has been replaced. */
async function killMidBatch(root: string): Promise<void> {
  const child = spawn(TAGSMITH, ['edit', root, '--replace-text', 'red=crimson'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve) => {
    const watcher = watch(root, (_event, name) => {
      if (name && name.endsWith('.txt')) {
        child.kill('SIGKILL');
        watcher.close();
        resolve();
      }
    });
    child.on('exit', () => {
      watcher.close();
      resolve();
    });
  });
  await exited;
}

async function classify(root: string, rels: string[]) {
  const states = await Promise.all(rels.map(async (rel, i) => {
    const text = await readFile(join(root, rel), 'utf8');
    return text === oldText(i) ? 'old' : text === newText(i) ? 'new' : 'torn';
  }));
  return { old: states.filter((s) => s === 'old').length, new: states.filter((s) => s === 'new').length, torn: states.filter((s) => s === 'torn').length };
}

describe('SIGKILL in the middle of a batch', () => {
  it('leaves every file old or new, and the next open finishes the batch', async () => {
    let root = '';
    let rels: string[] = [];
    let before = { old: 0, new: 0, torn: 0 };
    // The kill must land mid-batch; on a very fast or very slow run retry with a fresh copy.
    for (let attempt = 0; attempt < 4; attempt++) {
      root = await mkdtemp(join(tmpdir(), 'tagsmith-crash-'));
      dirs.push(root);
      rels = await makeCaptionDataset(root, { count: COUNT });
      await killMidBatch(root);
      before = await classify(root, rels);
      if (before.new > 0 && before.old > 0) break;
    }
    expect(before.torn).toBe(0);
    expect(before.new).toBeGreaterThan(0);
    expect(before.old).toBeGreaterThan(0);

    // The next open (any command) rolls the interrupted batch forward.
    const stats = await tagsmith(['stats', root, '--json']);
    expect(stats.code).toBe(0);
    expect(stats.stderr).toMatch(/interrupted/i);
    const after = await classify(root, rels);
    expect(after).toEqual({ old: 0, new: COUNT, torn: 0 });
    // No temp file of the killed writer is left for a trainer to trip over.
    const leftovers = (await readdir(root)).filter((n) => n.startsWith('.') && n !== '.tagsmith');
    expect(leftovers).toEqual([]);

    // The journal agrees with the files: the finished batch is one entry that one undo reverts.
    const history = JSON.parse((await tagsmith(['history', root, '--json'])).stdout);
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0].files).toBe(COUNT);
    const undo = await tagsmith(['undo', root]);
    expect(undo.code).toBe(0);
    expect(await classify(root, rels)).toEqual({ old: COUNT, new: 0, torn: 0 });
  }, 240_000);
});
