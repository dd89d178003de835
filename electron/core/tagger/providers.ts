import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { DEVICE_LABELS, type TaggerDevice, type TaggerProvider } from '../../../shared/autocaption/device.ts';
import { firstLine } from '../workers/protocol.ts';

/*
 * Which onnxruntime execution provider a tagger session uses. onnxruntime-node does not fall back by
 * itself: `executionProviders: ['cuda', 'cpu']` without the CUDA libraries rejects the whole session
 * ("OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library"), and a provider the
 * build lacks rejects with "no available backend found. ERR: [dml] backend not found.". So each
 * candidate is tried on its own, best first, and the CPU (always in the build) is the last resort.
 */

/** GPU providers in the order `auto` prefers them; each build has at most one or two of them. */
const GPU_PREFERENCE: readonly TaggerProvider[] = ['cuda', 'dml', 'coreml'];

export interface ProviderPlan {
  /** Tried in order; always ends with 'cpu'. */
  candidates: TaggerProvider[];
  /** Why a wanted provider is not even tried (not in this build, libraries not installed). */
  skipped: string[];
}

export interface PlanInput {
  device: TaggerDevice;
  /** onnxruntime-node's listSupportedBackends() names: what this build of the binding was compiled with. */
  supported: readonly string[];
  /** For providers the build has but whose libraries are downloaded separately (CUDA): why they cannot load, or null. */
  missing?: (provider: TaggerProvider) => string | null;
}

export function planProviders({ device, supported, missing = () => null }: PlanInput): ProviderPlan {
  if (device === 'cpu') return { candidates: ['cpu'], skipped: [] };
  const wanted = device === 'auto' ? GPU_PREFERENCE.filter((p) => supported.includes(p)) : [device];
  const candidates: TaggerProvider[] = [];
  const skipped: string[] = [];
  if (device !== 'auto' && !supported.includes(device)) {
    skipped.push(`${DEVICE_LABELS[device]} is not in this build of onnxruntime-node (it has: ${supported.join(', ') || 'nothing listed'})`);
  }
  for (const p of wanted) {
    if (!supported.includes(p)) continue;
    const why = missing(p);
    if (why) skipped.push(why);
    else candidates.push(p);
  }
  if (device === 'auto' && wanted.length === 0) {
    skipped.push(`no GPU provider in this build of onnxruntime-node (it has: ${supported.join(', ') || 'nothing listed'})`);
  }
  candidates.push('cpu');
  return { candidates, skipped };
}

export type CreateSession = (modelPath: string, options: InferenceSession.SessionOptions) => Promise<InferenceSession>;

export interface OpenedSession {
  session: InferenceSession;
  provider: TaggerProvider;
  /**
   * One line when the CPU took over from what was asked: a device named outright, or a GPU provider
   * `auto` found and tried that did not start. Null when `auto` found no GPU provider to try.
   */
  note: string | null;
}

/** Session options for one provider on top of the common ones (sessions.ts). */
export function providerOptions(base: InferenceSession.SessionOptions, provider: TaggerProvider): InferenceSession.SessionOptions {
  // DirectML cannot use memory patterns and needs sequential execution (onnxruntime's DML EP notes).
  if (provider === 'dml') return { ...base, executionProviders: ['dml'], executionMode: 'sequential', enableMemPattern: false };
  return { ...base, executionProviders: [provider] };
}

/**
 * Creates the session on the first candidate that starts. A GPU provider that fails is remembered
 * in the note; a CPU failure (a broken model file, say) is thrown as it is, for the caller to word.
 */
export async function openWithFallback(create: CreateSession, modelPath: string, base: InferenceSession.SessionOptions, device: TaggerDevice, plan: ProviderPlan): Promise<OpenedSession> {
  const reasons = [...plan.skipped];
  let failed = false;
  for (const provider of plan.candidates) {
    try {
      const session = await create(modelPath, providerOptions(base, provider));
      // auto on a machine without any GPU provider simply picked the best one present: nothing to say.
      const fellBack = provider === 'cpu' && device !== 'cpu' && (device !== 'auto' || failed);
      return { session, provider, note: fellBack ? `tagger on CPU: ${reasons.join('; ')}` : null };
    } catch (e) {
      failed = true;
      if (provider === 'cpu') throw e;
      reasons.push(`${DEVICE_LABELS[provider]} did not start (${firstLine(e instanceof Error ? e.message : String(e))})`);
    }
  }
  // planProviders always ends with 'cpu', which either returns or throws above.
  throw new Error('no execution provider to try');
}

/**
 * CUDA's provider libraries are not in the npm package: onnxruntime-node's install script downloads
 * them on Linux x64 unless told to skip (this project's CI skips). Trying CUDA without them makes
 * onnxruntime print a native error line of its own to stderr, so their absence is checked first.
 * Returns null (try it) whenever the answer is not certain.
 */
export function missingProviderLibrary(provider: TaggerProvider, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | null {
  if (provider !== 'cuda' || platform !== 'linux') return null;
  let binDir: string;
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
    binDir = path.join(path.dirname(pkg), 'bin', 'napi-v6', platform, arch);
  } catch {
    return null;
  }
  if (!fs.existsSync(binDir)) return null;
  const lib = 'libonnxruntime_providers_cuda.so';
  if (fs.existsSync(path.join(binDir, lib))) return null;
  return `CUDA provider libraries are not installed (${lib} is missing; reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12, see the README)`;
}
