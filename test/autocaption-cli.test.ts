import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCaption } from '../shared/caption/index.ts';
import { startFakeLlmServer, type FakeLlmServer } from './fakes/llm-server.ts';
import { colourImage, writeTaggerFolder } from './helpers/autocaption.ts';
import { TAGSMITH, tagsmith } from './helpers/cli.ts';

// `tagsmith tag` and `tagsmith caption` end to end: real processes, a generated tagger model, and a
// loopback LLM server. Every case checks the caption bytes on disk.
let root: string;
let work: string;
let model: string;
let llm: FakeLlmServer | null = null;
const env = { TAGSMITH_LLM_BACKOFF_MS: '5', HF_HUB_OFFLINE: '1' };

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'tagsmith-autocaption-cli-'));
  root = join(work, 'set');
  model = await writeTaggerFolder(join(work, 'tagger'));
  await mkdir(root);
  await writeFile(join(root, 'red.png'), await colourImage('red'));
  await writeFile(join(root, 'green.png'), await colourImage('green'));
  await writeFile(join(root, 'blue.png'), await colourImage('blue'));
  await writeFile(join(root, 'blue.txt'), 'hand written\n');
});
afterEach(async () => {
  await llm?.close();
  llm = null;
  await rm(work, { recursive: true, force: true });
});

const read = (rel: string) => readFile(join(root, rel), 'utf8');

describe('tagsmith tag', () => {
  it('tags uncaptioned images with a model folder, one undo reverts it', async () => {
    const res = await tagsmith(['tag', root, '--model', model, '--general', '0.5'], { env });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^2 captions written, 1 skipped .*undo with: tagsmith undo\)\n$/);
    expect(parseCaption(await read('red.txt')).tags).toEqual(expect.arrayContaining(['red background', '1girl']));
    expect(await read('blue.txt')).toBe('hand written\n');
    const undo = await tagsmith(['undo', root], { env });
    expect(undo.code).toBe(0);
    expect(existsSync(join(root, 'red.txt'))).toBe(false);
  });

  it('usage errors exit 2; an unknown model exits 1 with one line naming what to put where', async () => {
    const bad = await tagsmith(['tag', root, '--model', model, '--mode', 'sometimes'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--mode/);
    const threshold = await tagsmith(['tag', root, '--model', model, '--general', '1.5'], { env });
    expect(threshold.code).toBe(2);
    const missing = await tagsmith(['tag', root, '--model', join(work, 'nothing-here')], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nothing-here/);
  });

  // DirectML is in no Linux or macOS build of onnxruntime-node: a stand-in for a missing GPU that needs none.
  it.skipIf(process.platform === 'win32')('--device and the per-machine default: a device that is not there tags on the CPU, saying why in one line', async () => {
    const config = join(work, 'config');
    await mkdir(config);
    await writeFile(join(config, 'config.json'), JSON.stringify({ tagger: { device: 'dml' } }));
    const machineEnv = { ...env, TAGSMITH_CONFIG_DIR: config };
    const bad = await tagsmith(['tag', root, '--model', model, '--device', 'gpu'], { env: machineEnv });
    expect(bad.code).toBe(2);
    const fromConfig = await tagsmith(['tag', root, '--model', model, '--general', '0.5'], { env: machineEnv });
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.stderr).toMatch(/^tagsmith: tagger on CPU: DirectML is not in this build of onnxruntime-node \(it has: cpu[^\n]*\)\n$/);
    expect(parseCaption(await read('red.txt')).tags).toEqual(expect.arrayContaining(['red background', '1girl']));
    const oneOff = await tagsmith(['tag', root, '--model', model, '--mode', 'replace', '--device', 'cpu'], { env: machineEnv });
    expect(oneOff.code).toBe(0);
    expect(oneOff.stderr).toBe('');
    // One-off: the machine's setting is left as it was.
    expect(JSON.parse(await readFile(join(config, 'config.json'), 'utf8'))).toEqual({ tagger: { device: 'dml' } });
  });
});

describe('tagsmith caption', () => {
  it('tags, describes and merges; exit 1 with reasons when some images fail', async () => {
    llm = await startFakeLlmServer();
    await writeFile(join(root, 'broken.png'), 'not an image');
    const res = await tagsmith([
      'caption', root, '--llm', llm.openaiBase, '--llm-model', 'fake-vlm', '--tagger', model,
      '--focus', 'colour of the wall', '--context', 'test cards', '--sentences', '2',
    ], { env });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^failed: broken\.png \(tag\): .*broken\.png/m);
    expect(res.stderr).toMatch(/1 of 3 images failed/);
    expect(res.stdout).toMatch(/^2 captions written/);
    const doc = parseCaption(await read('red.txt'));
    expect(doc.tags).toContain('red background');
    expect(doc.prose.match(/[.!?](\s|$)/g)).toHaveLength(2);
    expect(llm.requests.map((r) => r.prompt).join('\n')).toContain('colour of the wall');
    expect(existsSync(join(root, 'broken.txt'))).toBe(false);
  });

  it('an old preset id, the output limit, Ollama\'s context size and the tags switch reach the server; a server without vision stops at once', async () => {
    llm = await startFakeLlmServer();
    const res = await tagsmith([
      'caption', root, '--llm', llm.url, '--api', 'ollama', '--llm-model', 'fake-vlm', '--no-tagger',
      '--preset', 'joycaption', '--max-tokens', '300', '--num-ctx', '4096', '--prompt-tags',
    ], { env });
    expect(res.code).toBe(0);
    expect(llm.requests).toHaveLength(2);
    expect(llm.requests[0]).toMatchObject({ system: 'You are a helpful image captioner.', sampling: { max_tokens: 300 }, numCtx: 4096 });
    expect(llm.requests[0]!.prompt).toMatch(/^Write a straightforward caption for this image within 50 words\./);
    // No tagger, so no tags even though they were asked for; no trigger word, so no name sentence.
    expect(llm.requests[0]!.prompt).toMatch(/Do NOT use any ambiguous language\. ONLY describe the most important elements of the image\.$/);

    await llm.close();
    llm = await startFakeLlmServer({ vision: false });
    const blind = await tagsmith(['caption', root, '--llm', llm.openaiBase, '--llm-model', 'fake-vlm', '--no-tagger', '--mode', 'replace', '--restart'], { env });
    expect(blind.code).not.toBe(0);
    expect(blind.stderr).toMatch(/llama\.cpp \/props: the server's model takes no images: start llama-server with --mmproj/);
    expect(llm.requests).toHaveLength(0);
  });

  it('Ctrl-C pauses the job; the same command resumes it without redoing finished images', async () => {
    llm = await startFakeLlmServer({ latencyMs: 400 });
    const args = ['caption', root, '--llm', llm.openaiBase, '--llm-model', 'fake-vlm', '--no-tagger', '--concurrency', '1', '--mode', 'replace'];
    const child = spawn(TAGSMITH, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const started = Date.now();
    while (llm.requests.filter((r) => r.status === 200).length < 1 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/run the same command again to resume/);
    expect(await read('blue.txt')).toBe('hand written\n');
    const first = llm.requests.length;

    const again = await tagsmith(args, { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/resuming an unfinished job: [12] of 3 images already done/);
    expect(again.stdout).toMatch(/^3 captions written/);
    const done = Number(/resuming an unfinished job: (\d)/.exec(again.stderr)![1]);
    expect(llm.requests.length - first).toBe(3 - done);
    expect(parseCaption(await read('blue.txt')).tags).not.toContain('hand written');
  });

  it('the environment key goes to the --llm URL typed, unless the key is pinned to another URL', async () => {
    llm = await startFakeLlmServer({ expect: { apiKey: 'sk-cli-key' } });
    const config = join(work, 'config');
    const keyEnv = { ...env, TAGSMITH_CONFIG_DIR: config, TAGSMITH_LLM_API_KEY: 'sk-cli-key', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', OPENROUTER_API_KEY: '' };
    const args = ['caption', root, '--llm', llm.openaiBase, '--llm-model', 'fake-vlm', '--no-tagger', '--concurrency', '1'];

    const pinned = await tagsmith(args, { env: { ...keyEnv, TAGSMITH_LLM_BASE_URL: 'https://llm.example/v1' } });
    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toContain(`HTTP 401: fake: invalid or missing API key; no API key sent: ${llm.url} is not the URL the key is configured for (TAGSMITH_LLM_API_KEY is for TAGSMITH_LLM_BASE_URL=https://llm.example)`);
    expect(existsSync(join(root, 'red.txt'))).toBe(false);

    // A new job (the stopped one kept its failure), with the key not pinned: it goes to the typed URL.
    const typed = await tagsmith([...args, '--mode', 'replace', '--restart'], { env: { ...keyEnv, TAGSMITH_LLM_BASE_URL: '' } });
    expect(typed.stderr).toBe('');
    expect(typed.code).toBe(0);
    expect(llm.requests.map((r) => r.authorization)).toEqual(Array(3).fill('Bearer sk-cli-key'));
    // Typed on this machine, the URL counts as confirmed for the dataset: the editor may resume its jobs.
    const saved = JSON.parse(await readFile(join(config, 'config.json'), 'utf8')) as { llm: { confirmed: Array<{ baseUrl: string }> } };
    expect(saved.llm.confirmed.map((c) => c.baseUrl)).toEqual([llm.openaiBase]);
  });
});
