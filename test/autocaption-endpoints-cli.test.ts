import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseCaption } from '../shared/caption/index.ts';
import { startFakeLlmServer, type FakeLlmServer } from './fakes/llm-server.ts';
import { colourImage } from './helpers/autocaption.ts';
import { tagsmith } from './helpers/cli.ts';

// `tagsmith caption --extra-llm`: several servers for one run, each one's share printed at the end.
let work: string;
let root: string;
const servers: FakeLlmServer[] = [];
const names = Array.from({ length: 8 }, (_, i) => `img_${i}`);

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'tagsmith-endpoints-cli-'));
  root = join(work, 'set');
  await mkdir(root);
  for (const n of names) await writeFile(join(root, `${n}.png`), await colourImage('red'));
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  await rm(work, { recursive: true, force: true });
});

it('shares the images among the servers, retires one that answers 500 to everything, and prints each one\'s share', async () => {
  const a = await startFakeLlmServer({ latencyMs: 150 });
  const b = await startFakeLlmServer({ latencyMs: 150 });
  const broken = await startFakeLlmServer();
  servers.push(a, b, broken);
  const env = { TAGSMITH_LLM_BACKOFF_MS: '5', HF_HUB_OFFLINE: '1', TAGSMITH_CONFIG_DIR: join(work, 'config') };
  const res = await tagsmith([
    'caption', root, '--llm', a.openaiBase, '--llm-model', 'fake-vlm', '--no-tagger', '--concurrency', '1',
    '--extra-llm', `${b.openaiBase},,1`, '--extra-llm', `${broken.openaiBase},fault-500,2`,
  ], { env });
  expect(res.stdout).toMatch(/^8 captions written/);
  expect(res.code).toBe(0);
  const lines = res.stderr.trim().split('\n');
  expect(lines.filter((l) => l.includes('retired for this job'))).toEqual([expect.stringMatching(new RegExp(`^tagsmith: .*${broken.openaiBase} retired for this job: HTTP 500`))]);
  expect(lines.filter((l) => l.startsWith('server '))).toEqual([
    expect.stringMatching(new RegExp(`^server .*${a.openaiBase}: \\d+ answers? \\([\\d.]+/min\\)$`)),
    expect.stringMatching(new RegExp(`^server .*${b.openaiBase}: \\d+ answers? \\([\\d.]+/min\\)$`)),
    expect.stringMatching(new RegExp(`^server .*${broken.openaiBase}: 0 answers \\(0/min\\), \\d+ failed, retired$`)),
  ]);
  const ok = (s: FakeLlmServer) => s.requests.filter((r) => r.status === 200).length;
  expect(ok(a) + ok(b)).toBe(8);
  expect(ok(a)).toBeGreaterThan(0);
  expect(ok(b)).toBeGreaterThan(0);
  for (const n of names) expect(parseCaption(await readFile(join(root, `${n}.txt`), 'utf8')).prose).not.toBe('');
}, 60_000);

it('refuses an --extra-llm that is not an http(s) URL', async () => {
  const res = await tagsmith(['caption', root, '--llm', 'http://127.0.0.1:9/v1', '--extra-llm', 'ftp://x/v1'], { env: { TAGSMITH_CONFIG_DIR: join(work, 'config') } });
  expect(res.code).toBe(2);
  expect(res.stderr).toMatch(/--extra-llm takes URL\[,model\[,concurrency\]\]/);
});
