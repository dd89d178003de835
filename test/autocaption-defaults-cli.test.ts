import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WD14_MODEL } from '../models/wd14.ts';
import { parseCaption } from '../shared/caption/index.ts';
import { startFakeLlmServer, type FakeLlmServer } from './fakes/llm-server.ts';
import { colourImage, writeTaggerFolder } from './helpers/autocaption.ts';
import { tagsmith } from './helpers/cli.ts';

// `tagsmith tag` and `caption` without --model, --llm or --llm-model: the dataset's saved settings,
// else the documented defaults, and a dataset's URL treated as the dataset's, not the user's.
let work: string;
let root: string;
let hub: string;
let config: string;
let llm: FakeLlmServer | null = null;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'tagsmith-defaults-cli-'));
  root = join(work, 'set');
  hub = join(work, 'hub');
  config = join(work, 'config');
  await mkdir(root);
  await mkdir(config);
  await writeFile(join(root, 'red.png'), await colourImage('red'));
  await writeFile(join(root, 'green.png'), await colourImage('green'));
  // No network here, and none wanted: the hub cache is a temp folder and downloads are off.
  env = { TAGSMITH_LLM_BACKOFF_MS: '5', HF_HUB_OFFLINE: '1', HF_HUB_CACHE: hub, TAGSMITH_CONFIG_DIR: config, TAGSMITH_LLM_API_KEY: '', TAGSMITH_LLM_BASE_URL: '', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', OPENROUTER_API_KEY: '' };
});
afterEach(async () => {
  await llm?.close();
  llm = null;
  await rm(work, { recursive: true, force: true });
});

const read = (rel: string) => readFile(join(root, rel), 'utf8');
const saveDatasetSettings = async (autoCaption: unknown) => {
  await mkdir(join(root, '.tagsmith'), { recursive: true });
  await writeFile(join(root, '.tagsmith', 'settings.json'), JSON.stringify({ autoCaption }));
};

describe('tagsmith tag without --model', () => {
  it(`uses ${DEFAULT_WD14_MODEL} from the Hugging Face cache, as the README says`, async () => {
    const missing = await tagsmith(['tag', root], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain(`${DEFAULT_WD14_MODEL} is not on this machine and HF_HUB_OFFLINE is set`);

    // Where a Python tool (or a person, as the offline message says) would put it.
    await writeTaggerFolder(join(hub, `models--SmilingWolf--${DEFAULT_WD14_MODEL}`, 'snapshots', 'main'));
    const res = await tagsmith(['tag', root, '--general', '0.5'], { env });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^2 captions written/);
    expect(parseCaption(await read('red.txt')).tags).toEqual(expect.arrayContaining(['red background', '1girl']));
  });

  it("uses the dataset's tagger setting", async () => {
    const model = await writeTaggerFolder(join(work, 'my-tagger'));
    await saveDatasetSettings({ tagger: { model } });
    const res = await tagsmith(['tag', root], { env });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(parseCaption(await read('green.txt')).tags).toContain('green background');
  });
});

describe('tagsmith caption without --llm and --llm-model', () => {
  it('with no server set anywhere, stops in one line saying what to pass', async () => {
    const res = await tagsmith(['caption', root, '--no-tagger'], { env });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe("tagsmith: no LLM server is set for this dataset: pass --llm <base URL> (and --llm-model <name>), or set the server in the editor's Auto-caption dialog\n");
  });

  it("uses the dataset's server and model; the URL gets images only once confirmed, and an API key only when it is the key's own", async () => {
    llm = await startFakeLlmServer();
    await saveDatasetSettings({ useTagger: false, llm: { baseUrl: llm.openaiBase, model: 'fake-vlm' } });
    const keyed = { ...env, TAGSMITH_LLM_API_KEY: 'sk-secret' };

    // Came with the dataset, never confirmed here: nothing is sent.
    const unconfirmed = await tagsmith(['caption', root], { env: keyed });
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toBe(`tagsmith: nothing sent: the LLM server URL ${llm.openaiBase} came with this dataset (.tagsmith/settings.json) and is not confirmed on this machine; pass it with --llm to use it, or confirm it in the editor's Auto-caption dialog\n`);
    expect(llm.requests).toHaveLength(0);

    // Confirmed for this dataset (as the editor's dialog saves it): used, but the environment's key,
    // which is bound to no URL, is not handed to a URL that came from the dataset.
    await writeFile(join(config, 'config.json'), JSON.stringify({ llm: { confirmed: [{ root: await realpath(root), baseUrl: llm.openaiBase }] } }));
    const confirmed = await tagsmith(['caption', root], { env: keyed });
    expect(confirmed.stderr).toBe('');
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/^2 captions written/);
    expect(llm.requests.map((r) => r.model)).toEqual(['fake-vlm', 'fake-vlm']);
    // The OpenAI client's placeholder when it has no key, never the user's key.
    expect(llm.requests.map((r) => r.authorization)).toEqual(['Bearer not-needed', 'Bearer not-needed']);
    expect(parseCaption(await read('red.txt')).prose).not.toBe('');

    // The key pinned to that server's origin goes with it, from the dataset's settings too.
    const pinned = await tagsmith(['caption', root, '--mode', 'replace'], { env: { ...keyed, TAGSMITH_LLM_BASE_URL: llm.url } });
    expect(pinned.stderr).toBe('');
    expect(pinned.code).toBe(0);
    expect(llm.requests.slice(2).map((r) => r.authorization)).toEqual(['Bearer sk-secret', 'Bearer sk-secret']);
  });

  it('--llm-model alone keeps the dataset\'s server; --llm alone keeps its model name', async () => {
    llm = await startFakeLlmServer();
    await saveDatasetSettings({ useTagger: false, llm: { baseUrl: llm.openaiBase, model: 'saved-model' } });
    await writeFile(join(config, 'config.json'), JSON.stringify({ llm: { confirmed: [{ root: await realpath(root), baseUrl: llm.openaiBase }] } }));
    const model = await tagsmith(['caption', root, '--llm-model', 'typed-model'], { env });
    expect(model.code).toBe(0);
    const url = await tagsmith(['caption', root, '--llm', llm.openaiBase, '--mode', 'replace'], { env });
    expect(url.code).toBe(0);
    expect(llm.requests.map((r) => r.model)).toEqual(['typed-model', 'typed-model', 'saved-model', 'saved-model']);
  });
});
