import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateClipTokens } from '../../../shared/clip/estimate.ts';
import { CLIP_VOCAB_ENV, SHIPPED_CLIP_VOCAB, loadTokenCounter } from './clip-tokenizer.ts';

// A tiny CLIP vocabulary: `girl` is one token, `girls` four (gi r l s</w>); the estimate says 1 for both.
const MERGES = ['#version: 0.2', 'g i', 'r l</w>', 'gi rl</w>'].join('\n');
const TOKENS = ['<|startoftext|>', '<|endoftext|>', 'girl</w>', 'gi', 'r', 'l', 's</w>'];
const VOCAB = JSON.stringify(Object.fromEntries(TOKENS.map((t, i) => [t, i])));
const BPE_COUNT = 4;

let tmp: string;
let root: string;
let hubCache: string;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tagsmith-clip-'));
  root = path.join(tmp, 'dataset');
  hubCache = path.join(tmp, 'hub');
  await fs.mkdir(root);
});

afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function writeHfVocabulary(dir: string, vocab = VOCAB): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'vocab.json'), vocab);
  await fs.writeFile(path.join(dir, 'merges.txt'), MERGES);
  return dir;
}

/** A hub-cache snapshot as huggingface_hub lays it out: files are symlinks into blobs/, refs/main names the commit. */
async function writeHubSnapshot(cache: string, repo: string, folder: string, opts: { dropBlob?: boolean } = {}): Promise<string> {
  const repoDir = path.join(cache, `models--${repo.replace('/', '--')}`);
  const commit = 'a'.repeat(40);
  const snapshot = path.join(repoDir, 'snapshots', commit, folder);
  await fs.mkdir(snapshot, { recursive: true });
  await fs.mkdir(path.join(repoDir, 'blobs'), { recursive: true });
  await fs.mkdir(path.join(repoDir, 'refs'), { recursive: true });
  await fs.writeFile(path.join(repoDir, 'refs', 'main'), commit);
  for (const [name, body] of [['vocab.json', VOCAB], ['merges.txt', MERGES]] as const) {
    const blob = path.join(repoDir, 'blobs', `${name}-etag`);
    if (!opts.dropBlob) await fs.writeFile(blob, body);
    await fs.symlink(path.relative(snapshot, blob), path.join(snapshot, name));
  }
  return snapshot;
}

const load = (env: NodeJS.ProcessEnv = {}) => loadTokenCounter(root, { hubCache, env });

describe('loadTokenCounter', () => {
  it("counts with the vocabulary shipped in models/clip/ when the user has none (no hub cache, no .tagsmith/clip)", async () => {
    expect(SHIPPED_CLIP_VOCAB).toBe(path.resolve('models/clip/bpe_simple_vocab_16e6.txt.gz'));
    const counter = await load();
    expect(counter).toMatchObject({ kind: 'clip-bpe', source: SHIPPED_CLIP_VOCAB, problems: [] });
    // Real CLIP counts, which the estimate gets wrong: `girls` is one token, `ＡＢＣ` is `abc</w>`.
    expect(counter.countTokens('girls')).toBe(1);
    expect(counter.countTokens('ＡＢＣ')).toBe(1);
    expect(counter.countTokens('1girl, solo, long hair')).toBe(7);
  });

  it('falls back to the estimate only when even the shipped vocabulary cannot be read, saying so', async () => {
    const missing = path.join(tmp, 'gone', 'bpe_simple_vocab_16e6.txt.gz');
    const counter = await loadTokenCounter(root, { hubCache, env: {}, shippedVocab: missing });
    expect(counter).toMatchObject({ kind: 'estimate', source: null, problems: [expect.stringContaining(missing)] });
    expect(counter.countTokens('girls')).toBe(estimateClipTokens('girls'));

    const corrupt = path.join(tmp, 'corrupt.txt.gz');
    await fs.writeFile(corrupt, gzipSync(MERGES).subarray(0, 12));
    const broken = await loadTokenCounter(root, { hubCache, env: {}, shippedVocab: corrupt });
    expect(broken).toMatchObject({ kind: 'estimate', problems: [expect.stringContaining(corrupt)] });
  });

  it("prefers the user's vocabulary (.tagsmith/clip, hub cache) to the shipped one", async () => {
    const snapshot = await writeHubSnapshot(hubCache, 'openai/clip-vit-large-patch14', '');
    expect(await load()).toMatchObject({ kind: 'clip-bpe', source: snapshot });
    const local = await writeHfVocabulary(path.join(root, '.tagsmith', 'clip'));
    const counter = await load();
    expect(counter).toMatchObject({ kind: 'clip-bpe', source: local });
    expect(counter.countTokens('girls')).toBe(BPE_COUNT); // the tiny test vocabulary, not the shipped one
  });

  it("finds <root>/.tagsmith/clip/ and counts with CLIP's BPE", async () => {
    const dir = await writeHfVocabulary(path.join(root, '.tagsmith', 'clip'));
    const counter = await load();
    expect(counter).toMatchObject({ kind: 'clip-bpe', source: dir });
    expect(counter.countTokens('girls')).toBe(BPE_COUNT);
    expect(counter.countTokens('girl, girl')).toBe(3);
  });

  it('finds a folder named by $TAGSMITH_CLIP_VOCAB before the dataset folder', async () => {
    await writeHfVocabulary(path.join(root, '.tagsmith', 'clip'));
    const named = await writeHfVocabulary(path.join(tmp, 'named'));
    const counter = await load({ [CLIP_VOCAB_ENV]: named });
    expect(counter).toMatchObject({ kind: 'clip-bpe', source: named });
  });

  it("reads openai's gzipped merges-only file named by $TAGSMITH_CLIP_VOCAB", async () => {
    const file = path.join(tmp, 'bpe_simple_vocab_16e6.txt.gz');
    await fs.writeFile(file, gzipSync(`"bpe_simple_vocab_16e6.txt#version: 0.2\n${MERGES.split('\n').slice(1).join('\n')}\n`));
    const counter = await load({ [CLIP_VOCAB_ENV]: file });
    expect(counter).toMatchObject({ kind: 'clip-bpe', source: file });
    expect(counter.countTokens('girls')).toBe(BPE_COUNT);
    expect(counter.countTokens('girl')).toBe(1);
  });

  it("reads openai's file inside a folder too", async () => {
    const file = path.join(root, '.tagsmith', 'clip', 'bpe_simple_vocab_16e6.txt.gz');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, gzipSync(MERGES));
    expect(await load()).toMatchObject({ kind: 'clip-bpe', source: file });
  });

  it('says so when $TAGSMITH_CLIP_VOCAB points at nothing usable, and goes on looking', async () => {
    const dir = await writeHfVocabulary(path.join(root, '.tagsmith', 'clip'));
    const counter = await load({ [CLIP_VOCAB_ENV]: path.join(tmp, 'missing') });
    expect(counter).toMatchObject({ kind: 'clip-bpe', source: dir });
    expect(counter.problems).toEqual([expect.stringContaining(`${CLIP_VOCAB_ENV}=`)]);
  });

  it('finds the openai CLIP snapshot in the hub cache through its blob symlinks', async () => {
    const snapshot = await writeHubSnapshot(hubCache, 'openai/clip-vit-large-patch14', '');
    const counter = await load();
    expect(counter).toMatchObject({ kind: 'clip-bpe', source: snapshot });
    expect(counter.countTokens('girls')).toBe(BPE_COUNT);
  });

  it("finds an SDXL snapshot's tokenizer/ folder", async () => {
    const snapshot = await writeHubSnapshot(hubCache, 'stabilityai/stable-diffusion-xl-base-1.0', 'tokenizer');
    expect(await load()).toMatchObject({ kind: 'clip-bpe', source: snapshot });
  });

  it('prefers the openai repo to an SD one, and the dataset folder to the hub cache', async () => {
    await writeHubSnapshot(hubCache, 'stabilityai/stable-diffusion-xl-base-1.0', 'tokenizer');
    const openai = await writeHubSnapshot(hubCache, 'openai/clip-vit-base-patch32', '');
    expect((await load()).source).toBe(openai);
    const local = await writeHfVocabulary(path.join(root, '.tagsmith', 'clip'));
    expect((await load()).source).toBe(local);
  });

  it.each([
    ['HF_HUB_CACHE', (dir: string) => ({ env: { HF_HUB_CACHE: dir }, cache: dir })],
    ['HF_HOME', (dir: string) => ({ env: { HF_HOME: dir }, cache: path.join(dir, 'hub') })],
    ['HOME', (dir: string) => ({ env: { HOME: dir }, cache: path.join(dir, '.cache', 'huggingface', 'hub') })],
  ])('locates the hub cache from $%s as huggingface_hub does', async (_name, layout) => {
    const { env, cache } = layout(path.join(tmp, 'env'));
    const snapshot = await writeHubSnapshot(cache, 'openai/clip-vit-large-patch14', '');
    expect(await loadTokenCounter(root, { env })).toMatchObject({ kind: 'clip-bpe', source: snapshot });
  });

  it('skips a snapshot whose blobs are gone (dangling symlinks)', async () => {
    await writeHubSnapshot(hubCache, 'openai/clip-vit-large-patch14', '', { dropBlob: true });
    expect(await load()).toMatchObject({ kind: 'clip-bpe', source: SHIPPED_CLIP_VOCAB });
  });

  it('skips a broken vocabulary, saying why, and never throws', async () => {
    const broken = await writeHfVocabulary(path.join(root, '.tagsmith', 'clip'), '{"girl</w>": 0');
    const counter = await load();
    expect(counter).toMatchObject({ kind: 'clip-bpe', source: SHIPPED_CLIP_VOCAB });
    expect(counter.problems).toEqual([expect.stringMatching(new RegExp(`^${escape(broken)}: vocab.json is not valid JSON`))]);

    const snapshot = await writeHubSnapshot(hubCache, 'openai/clip-vit-large-patch14', '');
    expect(await load()).toMatchObject({ kind: 'clip-bpe', source: snapshot });
  });

  it('reads a broken vocabulary again once it is fixed', async () => {
    const dir = await writeHfVocabulary(path.join(root, '.tagsmith', 'clip'), '[]');
    expect((await load()).source).toBe(SHIPPED_CLIP_VOCAB);
    await writeHfVocabulary(dir);
    expect(await load()).toMatchObject({ kind: 'clip-bpe', source: dir, problems: [] });
  });

  it('treats a corrupt gzip and a vocabulary of another tokenizer as broken', async () => {
    const gz = path.join(tmp, 'bpe_simple_vocab_16e6.txt.gz');
    await fs.writeFile(gz, gzipSync(MERGES).subarray(0, 12));
    const corrupt = await load({ [CLIP_VOCAB_ENV]: gz });
    expect(corrupt).toMatchObject({ source: SHIPPED_CLIP_VOCAB, problems: [expect.stringContaining(gz)] });

    await writeHfVocabulary(path.join(root, '.tagsmith', 'clip'), JSON.stringify({ '<pad>': 0, '</s>': 1 }));
    expect((await load()).problems).toEqual([expect.stringContaining("not CLIP's")]);
  });

  it('parses a source once and keeps it for later calls', async () => {
    const dir = await writeHfVocabulary(path.join(root, '.tagsmith', 'clip'));
    expect((await load()).kind).toBe('clip-bpe');
    await fs.writeFile(path.join(dir, 'vocab.json'), 'not json any more');
    const again = await load();
    expect(again).toMatchObject({ kind: 'clip-bpe', source: dir, problems: [] });
    expect(again.countTokens('girls')).toBe(BPE_COUNT);
  });
});

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
