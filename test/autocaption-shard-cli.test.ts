import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_COLOURS, type FixtureColour } from '../models/fixtures/wd14-fixture.ts';
import { shardOf } from '../shared/autocaption/shard.ts';
import { acquireLock } from '../electron/core/journal/lock.ts';
import { startFakeLlmServer, type FakeLlmServer } from './fakes/llm-server.ts';
import { colourImage, writeTaggerFolder } from './helpers/autocaption.ts';
import { TAGSMITH, tagsmith, type CliResult } from './helpers/cli.ts';

// `tagsmith tag|caption --shard i/n`: n processes (standing in for n machines on one shared folder)
// each write their own part, as their own journal entry, and together exactly what one run writes.
let work: string;
let model: string;
let llm: FakeLlmServer | null = null;
let env: NodeJS.ProcessEnv;

const COLOURS = Object.keys(FIXTURE_COLOURS) as FixtureColour[];
const IMAGES = Array.from({ length: 12 }, (_, i) => ({ name: `img_${String(i).padStart(2, '0')}.png`, colour: COLOURS[i % COLOURS.length]! }));
/** Captioned by hand: skip mode leaves it alone in every run. */
const HAND = 'img_03.txt';

async function makeDataset(name: string): Promise<string> {
  const root = join(work, name);
  await mkdir(root);
  for (const img of IMAGES) await writeFile(join(root, img.name), await colourImage(img.colour));
  await writeFile(join(root, HAND), 'hand written\n');
  return root;
}

/** Every caption file of the folder, name -> bytes. */
async function captions(root: string): Promise<Record<string, string>> {
  const names = (await readdir(root)).filter((n) => n.endsWith('.txt')).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(root, n), 'utf8')] as const)));
}

const captionArgs = (root: string, ...more: string[]) => ['caption', root, '--llm', llm!.openaiBase, '--llm-model', 'fake-vlm', '--focus', 'the colour', ...more];

/** A CLI process in the background: its stderr so far, and its result once it ends. */
function start(args: readonly string[]): { stderr: () => string; done: Promise<CliResult> } {
  const child = spawn(TAGSMITH, [...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { stderr: () => stderr, done };
}

async function until(test: () => boolean, ms = 30_000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'tagsmith-shard-cli-'));
  model = await writeTaggerFolder(join(work, 'tagger'));
  const config = join(work, 'config');
  await mkdir(config);
  env = { TAGSMITH_LLM_BACKOFF_MS: '5', HF_HUB_OFFLINE: '1', TAGSMITH_CONFIG_DIR: config };
});
afterEach(async () => {
  await llm?.close();
  llm = null;
  await rm(work, { recursive: true, force: true });
});

describe('tagsmith caption --shard', () => {
  it('three shard runs write byte for byte what one run writes, each its own entry; undo reverts one shard only', async () => {
    // Every shard has work, or the test would prove less than it says.
    const sizes = [1, 2, 3].map((i) => IMAGES.filter((img) => shardOf(img.name, 3) === i).length);
    expect(sizes.every((n) => n > 0)).toBe(true);
    llm = await startFakeLlmServer();

    const whole = await makeDataset('whole');
    const one = await tagsmith(captionArgs(whole, '--tagger', model), { env });
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);

    const sharded = await makeDataset('sharded');
    for (const i of [1, 2, 3]) {
      const res = await tagsmith(captionArgs(sharded, '--tagger', model, '--shard', `${i}/3`), { env });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
    }
    const expected = await captions(whole);
    expect(Object.keys(expected)).toHaveLength(IMAGES.length);
    expect(expected[HAND]).toBe('hand written\n');
    expect(await captions(sharded)).toEqual(expected);
    // Each image went to the LLM once per dataset: no shard did another's work.
    expect(llm.requests).toHaveLength(2 * (IMAGES.length - 1));
    // Each shard's record is its own file, beside the one the editor and unsharded runs use.
    const jobs = (await readdir(join(sharded, '.tagsmith', 'jobs'))).sort();
    expect(jobs).toEqual(['autocaption.shard-1-of-3.json', 'autocaption.shard-2-of-3.json', 'autocaption.shard-3-of-3.json']);

    const history = await tagsmith(['history', sharded], { env });
    expect(history.code).toBe(0);
    const lines = history.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    [1, 2, 3].forEach((i, k) => {
      const n = i === shardOf(HAND.replace('.txt', '.png'), 3) ? sizes[k]! - 1 : sizes[k]!;
      expect(lines[k]).toMatch(new RegExp(`Auto-caption ${n} images? \\(shard ${i}/3\\)$`));
    });

    const undo = await tagsmith(['undo', sharded], { env });
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(/\(shard 3\/3\)/);
    const after = await captions(sharded);
    for (const img of IMAGES) {
      const txt = img.name.replace('.png', '.txt');
      if (txt === HAND) expect(after[txt]).toBe('hand written\n');
      else if (shardOf(img.name, 3) === 3) expect(existsSync(join(sharded, txt))).toBe(false);
      else expect(after[txt]).toBe(expected[txt]);
    }

    // stats names what is left to caption: the undone shard's images.
    const stats = await tagsmith(['stats', sharded], { env });
    const left = IMAGES.filter((img) => shardOf(img.name, 3) === 3 && img.name !== HAND.replace('.txt', '.png')).map((img) => img.name);
    expect(stats.stdout).toMatch(new RegExp(`^ {2}uncaptioned +${left.length}$`, 'm'));
    for (const name of left) expect(stats.stdout).toContain(`  uncaptioned: ${name}\n`);
    const json = JSON.parse((await tagsmith(['stats', sharded, '--json'], { env })).stdout) as { uncaptionedImages: string[] };
    expect(json.uncaptionedImages).toEqual(left);
  });

  it('two shards running at once on one folder both finish, the second waiting for the lock the first (or anyone) holds', async () => {
    llm = await startFakeLlmServer({ latencyMs: 50 });
    const root = await makeDataset('set');
    // Someone else holds the dataset lock while both shards work: they must wait for it, not give up.
    const held = await acquireLock(join(root, '.tagsmith'));
    if (!held.ok) throw new Error(held.error.message);
    const runs = [start(captionArgs(root, '--shard', '1/2', '--no-tagger')), start(captionArgs(root, '--shard', '2/2', '--no-tagger'))];
    // Both did all their work and now wait to write it.
    await until(() => runs.every((r) => r.stderr().includes('waiting to write the captions')));
    await held.value.release();
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^\d+ captions? written/);
      expect(r.stderr).toMatch(/^tagsmith: waiting to write the captions: [^\n]*lock file [^\n]*\n$/);
    }
    const written = await captions(root);
    expect(Object.keys(written)).toHaveLength(IMAGES.length);
    expect(llm.requests).toHaveLength(IMAGES.length - 1);

    const history = await tagsmith(['history', root, '--json'], { env });
    const labels = (JSON.parse(history.stdout) as { entries: Array<{ label: string }> }).entries.map((e) => e.label).sort();
    expect(labels).toEqual([expect.stringMatching(/\(shard 1\/2\)$/), expect.stringMatching(/\(shard 2\/2\)$/)]);
  });

  it('an interrupted shard resumes alone; another shard\'s run neither resumes nor refuses it', async () => {
    llm = await startFakeLlmServer({ latencyMs: 300 });
    const root = await makeDataset('set');
    const shard1 = captionArgs(root, '--shard', '1/3', '--no-tagger', '--concurrency', '1');
    const child = spawn(TAGSMITH, shard1, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    await until(() => llm!.requests.filter((r) => r.status === 200).length >= 1, 15_000);
    child.kill('SIGINT');
    expect(await new Promise<number | null>((resolve) => child.on('close', resolve))).toBe(1);

    const other = await tagsmith(captionArgs(root, '--shard', '2/3', '--no-tagger'), { env });
    expect(other.code).toBe(0);
    expect(other.stderr).toBe('');

    const before = llm.requests.length;
    const again = await tagsmith(shard1, { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^tagsmith: resuming an unfinished job \(shard 1\/3\): [1-9]\d* of \d+ images already done\n$/);
    const mine = IMAGES.filter((img) => shardOf(img.name, 3) === 1 && img.name !== HAND.replace('.txt', '.png')).length;
    const done = Number(/(\d+) of \d+ images already done/.exec(again.stderr)![1]);
    expect(llm.requests.length - before).toBe(mine - done);
  });

  it('--shard must be i/n with 1 <= i <= n: one line, exit 2, nothing read', async () => {
    const root = await makeDataset('set');
    for (const bad of ['0/3', '4/3', '2', 'x/y', '1.5/2']) {
      const r = await tagsmith(['tag', root, '--model', model, '--shard', bad], { env });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('--shard must be i/n');
    }
    expect(existsSync(join(root, '.tagsmith'))).toBe(false);
  });
});
