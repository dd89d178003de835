/**
 * The token counter behind the lint's clip-budget rule: CLIP's real BPE, counting as kohya's tokenizer
 * does; the estimate only when no vocabulary can be read at all.
 *
 * Where a vocabulary is looked for, first found wins:
 * 1. $TAGSMITH_CLIP_VOCAB: a folder, or openai's bpe_simple_vocab_16e6.txt(.gz) itself;
 * 2. <dataset root>/.tagsmith/clip/;
 * 3. the Hugging Face hub cache, where anyone who has run SD or FLUX through diffusers has a copy;
 * 4. the copy shipped with Tagsmith (models/clip/, openai's file, MIT).
 * A folder holds Hugging Face's vocab.json + merges.txt, or openai's merges-only file. Every CLIP text
 * encoder (openai's, LAION's, the ones inside SD 1.x/XL/3 and FLUX) shares one vocabulary, so any copy does.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ClipBpe } from '../../../shared/clip/bpe.ts';
import { estimateClipTokens } from '../../../shared/clip/estimate.ts';
import { errnoMessage } from '../fs/errno.ts';
import { findCachedSnapshot, isFile } from '../models/hub-cache.ts';

export interface TokenCounter {
  kind: 'clip-bpe' | 'estimate';
  countTokens(line: string): number;
  /** The folder or file the vocabulary was read from; null for the estimate. */
  source: string | null;
  /** One line per vocabulary found but unusable (skipped), so a wrong $TAGSMITH_CLIP_VOCAB is not silent. */
  problems: string[];
}

export interface LoadTokenCounterOptions {
  /** Hub cache root; default from `env` as huggingface_hub resolves it. */
  hubCache?: string;
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The shipped vocabulary; default SHIPPED_CLIP_VOCAB. */
  shippedVocab?: string;
}

export const CLIP_VOCAB_ENV = 'TAGSMITH_CLIP_VOCAB';

/**
 * openai's vocabulary as shipped. In the CLI and tests this resolves from this source file
 * (bin/load-ts.cjs keeps each module's own URL); scripts/build-electron.mjs copies the file
 * next to the Electron bundle and points this reference there.
 */
export const SHIPPED_CLIP_VOCAB = fileURLToPath(new URL('../../../models/clip/bpe_simple_vocab_16e6.txt.gz', import.meta.url));

const HF_FILES = ['vocab.json', 'merges.txt'] as const;
const OPENAI_FILES = ['bpe_simple_vocab_16e6.txt.gz', 'bpe_simple_vocab_16e6.txt'] as const;

/** Hub repos whose CLIP tokenizer files sit in `folder` ('' = the snapshot root), most common first. */
const HUB_TOKENIZERS: readonly { repo: string; folder: string }[] = [
  { repo: 'openai/clip-vit-large-patch14', folder: '' },
  { repo: 'openai/clip-vit-base-patch32', folder: '' },
  { repo: 'stabilityai/stable-diffusion-xl-base-1.0', folder: 'tokenizer' },
  { repo: 'stable-diffusion-v1-5/stable-diffusion-v1-5', folder: 'tokenizer' },
  { repo: 'runwayml/stable-diffusion-v1-5', folder: 'tokenizer' },
  { repo: 'black-forest-labs/FLUX.1-dev', folder: 'tokenizer' },
  { repo: 'black-forest-labs/FLUX.1-schnell', folder: 'tokenizer' },
  { repo: 'stabilityai/stable-diffusion-3.5-large', folder: 'tokenizer' },
];

/** `hf`: a folder with vocab.json + merges.txt; `merges-only`: openai's file, gzipped or not. */
interface Vocabulary {
  source: string;
  format: 'hf' | 'merges-only';
}

/** Parsed vocabularies by source path: parsing the real one takes tens of milliseconds and megabytes. */
const loaded = new Map<string, Promise<ClipBpe>>();

export async function loadTokenCounter(root: string, opts: LoadTokenCounterOptions = {}): Promise<TokenCounter> {
  const env = opts.env ?? process.env;
  const problems: string[] = [];
  const shipped = opts.shippedVocab ?? SHIPPED_CLIP_VOCAB;
  for await (const vocabulary of candidates(root, env, opts.hubCache ?? hubCacheFrom(env), shipped, problems)) {
    try {
      const bpe = await load(vocabulary);
      return { kind: 'clip-bpe', countTokens: (line) => bpe.count(line), source: vocabulary.source, problems };
    } catch (e) {
      problems.push(`${vocabulary.source}: ${errnoMessage(e)}`);
    }
  }
  return { kind: 'estimate', countTokens: estimateClipTokens, source: null, problems };
}

/** huggingface_hub's rule, read from `env` so tests and callers can point it elsewhere. */
function hubCacheFrom(env: NodeJS.ProcessEnv): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HUGGINGFACE_HUB_CACHE) return env.HUGGINGFACE_HUB_CACHE;
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const hfHome = env.HF_HOME || path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'huggingface');
  return path.join(hfHome, 'hub');
}

/** Vocabularies in precedence order; a lookup that fails (permissions, odd files) is noted and skipped. */
async function* candidates(root: string, env: NodeJS.ProcessEnv, hubCache: string, shipped: string, problems: string[]): AsyncGenerator<Vocabulary> {
  const named = env[CLIP_VOCAB_ENV];
  if (named) {
    const found = await safely(() => vocabularyAt(path.resolve(named)), problems);
    if (found) yield found;
    else problems.push(`${CLIP_VOCAB_ENV}=${named} is neither a folder with ${HF_FILES.join(' + ')} or ${OPENAI_FILES[0]}, nor that file`);
  }
  const local = await safely(() => vocabularyIn(path.join(root, '.tagsmith', 'clip')), problems);
  if (local) yield local;
  for (const { repo, folder } of HUB_TOKENIZERS) {
    const files = HF_FILES.map((f) => path.join(folder, f));
    const snapshot = await safely(() => findCachedSnapshot(hubCache, repo, 'main', files), problems);
    if (snapshot) yield { source: path.join(snapshot, folder), format: 'hf' };
  }
  // Only a broken install lacks it; say so rather than silently counting with the estimate.
  if (await safely(() => isFile(shipped), problems)) yield { source: shipped, format: 'merges-only' };
  else problems.push(`the CLIP vocabulary shipped with Tagsmith is missing: ${shipped}`);
}

async function safely<T>(look: () => Promise<T | null>, problems: string[]): Promise<T | null> {
  try {
    return await look();
  } catch (e) {
    problems.push(errnoMessage(e));
    return null;
  }
}

async function vocabularyAt(p: string): Promise<Vocabulary | null> {
  return (await isFile(p)) ? { source: p, format: 'merges-only' } : vocabularyIn(p);
}

async function vocabularyIn(dir: string): Promise<Vocabulary | null> {
  if ((await isFile(path.join(dir, HF_FILES[0]))) && (await isFile(path.join(dir, HF_FILES[1])))) {
    return { source: dir, format: 'hf' };
  }
  for (const name of OPENAI_FILES) {
    const file = path.join(dir, name);
    if (await isFile(file)) return { source: file, format: 'merges-only' };
  }
  return null;
}

function load(vocabulary: Vocabulary): Promise<ClipBpe> {
  let pending = loaded.get(vocabulary.source);
  if (!pending) {
    pending = parse(vocabulary);
    loaded.set(vocabulary.source, pending);
    // A broken file is not remembered: the user may fix it while the app runs.
    pending.catch(() => loaded.delete(vocabulary.source));
  }
  return pending;
}

async function parse(vocabulary: Vocabulary): Promise<ClipBpe> {
  if (vocabulary.format === 'hf') {
    const [vocab, merges] = await Promise.all(HF_FILES.map((f) => fs.readFile(path.join(vocabulary.source, f), 'utf8')));
    return ClipBpe.fromFiles(vocab!, merges!);
  }
  const bytes = await fs.readFile(vocabulary.source);
  // By content, not name: browsers and some tools unpack .gz downloads but keep the name.
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = gzipped ? await promisify(gunzip)(bytes) : bytes;
  return ClipBpe.fromMergesOnly(text.toString('utf8'));
}
