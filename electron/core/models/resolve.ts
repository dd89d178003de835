/**
 * Finds a WD14 tagger on disk or fetches it: a folder the user names, else the Hugging Face hub cache
 * (shared with Python tools), else a download into that cache. Errors are one line that says what to
 * put where, because the usual cause is an offline machine.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { HUB_URL } from '@huggingface/hub';
import { err, ok } from '../../../shared/result.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { findWd14Model, WD14_MODELS } from '../../../models/wd14.ts';
import type { Wd14Model } from '../../../models/wd14.ts';
import { approxDownloadBytes } from './download-sizes.ts';
import { checkModelFolder, isDirectory } from './folder.ts';
import { defaultHubCache, findCachedSnapshot, repoCacheDir } from './hub-cache.ts';
import { downloadSnapshot } from './snapshot-download.ts';
import type { DownloadProgress } from './snapshot-download.ts';
import { describeFailure, ModelDownloadError } from './errors.ts';

export type { DownloadProgress } from './snapshot-download.ts';

export interface ResolvedModel {
  dir: string;
  /** registry id when known */
  id: string | null;
  source: 'folder' | 'hub-cache' | 'downloaded';
}

export interface ResolveOptions {
  /** Allow downloading when not on disk (default true). */
  download?: boolean;
  /** Hugging Face hub cache root; default: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub. */
  hubCache?: string;
  /** Hub endpoint; default $HF_ENDPOINT or https://huggingface.co (tests point it at a loopback fake). */
  hubUrl?: string;
  accessToken?: string; // default $HF_TOKEN
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** What any WD14 tagger folder holds (a folder that is not a registry model is held to this). */
const TAGGER_FILES = ['model.onnx', 'selected_tags.csv'];

const filesOf = (m: Wd14Model): string[] => [m.files.model, m.files.tags];

/**
 * The registry id of a folder when its name gives it away: a clone named after the repo
 * (`wd-vit-tagger-v3`), or a snapshot inside some hub cache (`models--SmilingWolf--<name>/snapshots/<commit>`).
 */
function idOfFolder(dir: string): string | null {
  const byName = findWd14Model(path.basename(dir));
  if (byName) return byName.id;
  const parent = path.dirname(dir);
  if (path.basename(parent) !== 'snapshots') return null;
  const cacheName = path.basename(path.dirname(parent));
  const repo = /^models--([^-].*?)--(.+)$/.exec(cacheName);
  return repo ? (findWd14Model(`${repo[1]}/${repo[2]}`)?.id ?? null) : null;
}

function placeHint(m: Wd14Model, hubCache: string, hubUrl: string): string {
  const target = path.join(repoCacheDir(hubCache, m.repo), 'snapshots', m.revision) + path.sep;
  return `Put ${filesOf(m).join(' and ')} from ${hubUrl}/${m.repo} in ${target} or pass a folder that holds them.`;
}

/** `spec` is a registry id (`wd-swinv2-tagger-v3`), a repo name (`SmilingWolf/wd-vit-tagger-v3`), or a folder path holding model.onnx + selected_tags.csv. */
export async function resolveTaggerModel(spec: string, opts: ResolveOptions = {}): Promise<Result<ResolvedModel, AppError>> {
  const trimmed = spec.trim();
  const model = findWd14Model(trimmed);
  // An existing folder wins over a registry name, as transformers' from_pretrained does: a clone
  // named `wd-vit-tagger-v3` in the working folder is what the user means, and costs no download.
  if (trimmed && (await isDirectory(trimmed))) {
    const dir = path.resolve(trimmed);
    const checked = await checkModelFolder(dir, model ? filesOf(model) : TAGGER_FILES);
    return checked.ok ? ok({ dir, id: idOfFolder(dir), source: 'folder' }) : checked;
  }
  if (!model) {
    return err({
      kind: 'not-found',
      message: `"${spec}" is neither a folder nor a known tagger; known: ${WD14_MODELS.map((m) => m.id).join(', ')}.`,
    });
  }

  const hubCache = opts.hubCache ?? defaultHubCache();
  const cached = await findCachedSnapshot(hubCache, model.repo, model.revision, filesOf(model));
  if (cached) return ok({ dir: cached, id: model.id, source: 'hub-cache' });

  const hubUrl = (opts.hubUrl ?? (process.env.HF_ENDPOINT || HUB_URL)).replace(/\/+$/, '');
  // HF_HUB_OFFLINE=1 means what it means to the Python tools sharing this cache: never download.
  const offline = /^(1|true|yes|on)$/i.test(process.env.HF_HUB_OFFLINE ?? '');
  if (opts.download === false || (opts.download === undefined && offline)) {
    const why = opts.download === false ? 'downloading is turned off' : 'HF_HUB_OFFLINE is set';
    return err({
      kind: 'not-found',
      message: `${model.id} is not on this machine and ${why}. ${placeHint(model, hubCache, hubUrl)}`,
    });
  }
  try {
    opts.signal?.throwIfAborted();
    const dir = await downloadSnapshot({
      repo: model.repo,
      revision: model.revision,
      files: filesOf(model),
      hubCache,
      hubUrl,
      accessToken: opts.accessToken ?? (process.env.HF_TOKEN || undefined),
      onProgress: opts.onProgress,
      signal: opts.signal,
    });
    return ok({ dir, id: model.id, source: 'downloaded' });
  } catch (e) {
    if (opts.signal?.aborted) {
      return err({
        kind: 'cancelled',
        message: `Download of ${model.id} was cancelled; what arrived is kept and the next attempt continues from there.`,
      });
    }
    if (e instanceof ModelDownloadError && e.kind === 'integrity') return err({ kind: 'integrity', message: `${e.message}.` });
    return err({
      kind: 'download-failed',
      message: `${model.id} is not on this machine and could not be downloaded (${describeFailure(e)}). ${placeHint(model, hubCache, hubUrl)}`,
    });
  }
}

export interface TaggerModelEntry {
  id: string;
  repo: string;
  version: string;
  /** The cached snapshot folder holding every file, or null (downloaded on first use). */
  dir: string | null;
  /** About what a download costs (download-sizes.ts); null for a model without a known size. */
  downloadBytes: number | null;
  /** What the cached files take on disk, measured; null when not cached. */
  diskBytes: number | null;
}

/** Registry entries with where each is on disk now (for the UI's model picker). Reads only the local cache. */
export async function listTaggerModels(opts: Pick<ResolveOptions, 'hubCache'> = {}): Promise<TaggerModelEntry[]> {
  const hubCache = opts.hubCache ?? defaultHubCache();
  return Promise.all(
    WD14_MODELS.map(async (m) => {
      const dir = await findCachedSnapshot(hubCache, m.repo, m.revision, filesOf(m));
      return {
        id: m.id,
        repo: m.repo,
        version: m.version,
        dir,
        downloadBytes: approxDownloadBytes(m.id),
        diskBytes: dir === null ? null : await sizeOf(dir, filesOf(m)),
      };
    }),
  );
}

/** Bytes of `files` in `dir`, following the snapshot's symlinks to their blobs. */
async function sizeOf(dir: string, files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(files.map(async (f) => (await fs.stat(path.join(dir, f))).size));
  return sizes.reduce((a, b) => a + b, 0);
}
