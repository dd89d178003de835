/**
 * Downloads one file into its hub-cache blob: resumable (HTTP Range on `<blob>.incomplete`, the same
 * partial-file name huggingface_hub uses, so either tool continues the other's download), verified
 * (the hash the hub publishes, checked before the blob exists), and placed by rename only when whole.
 *
 * @huggingface/hub's own downloadFileToCacheDir streams to the same `.incomplete` name but always from
 * byte 0, reports no progress, takes no AbortSignal and checks no hash, hence this file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrno } from '../fs/errno.ts';
import { describeFailure, ModelDownloadError } from './errors.ts';

/** What the hub publishes per file: sha256 for LFS files, the git blob id (sha1 of "blob <size>\0" + bytes) otherwise. */
export interface Digest {
  algorithm: 'sha256' | 'git-sha1';
  hex: string;
}

export interface BlobDownload {
  /** The file's resolve URL; the hub redirects LFS files to its CDN, which fetch follows with the Range header kept. */
  url: string;
  /** Final blob path; bytes gather in `${dest}.incomplete` until verified. */
  dest: string;
  size: number;
  digest: Digest;
  /** Name used in messages, e.g. `model.onnx of SmilingWolf/wd-vit-tagger-v3`. */
  label: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Bytes on disk so far: once at the start, throttled while streaming, once at the end. */
  onProgress?: (bytes: number) => void;
  /** Pauses before each automatic retry after a lost connection or a 5xx; each retry resumes. */
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [500, 2000];
/** Progress at most every 0.5% (and every 64 KiB at least): a 400 MB model gives ~200 events, not ~6,000. */
const progressStep = (size: number): number => Math.max(64 * 1024, Math.floor(size / 200));

/** Local disk failures must not be retried as if the network had dropped. */
class DiskError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

function newHash(digest: Digest, size: number): Hash {
  if (digest.algorithm === 'sha256') return createHash('sha256');
  return createHash('sha1').update(`blob ${size}\0`);
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return 0;
    throw e;
  }
}

interface PartialFile {
  path: string;
  have: number;
  hash: Hash;
}

/** Picks up what an earlier attempt left: its bytes go through the hash before new ones are appended. */
async function openPartial(d: BlobDownload): Promise<PartialFile> {
  await fs.mkdir(path.dirname(d.dest), { recursive: true });
  const partial = `${d.dest}.incomplete`;
  let have = await sizeOf(partial);
  const hash = newHash(d.digest, d.size);
  if (have > d.size) {
    await fs.rm(partial, { force: true });
    have = 0;
  }
  if (have > 0) for await (const chunk of createReadStream(partial, { end: have - 1 })) hash.update(chunk as Buffer);
  return { path: partial, have, hash };
}

async function restartPartial(d: BlobDownload, p: PartialFile): Promise<void> {
  await fs.truncate(p.path, 0).catch((e: unknown) => {
    if (!isErrno(e, 'ENOENT')) throw e;
  });
  p.have = 0;
  p.hash = newHash(d.digest, d.size);
}

/** One request from `p.have` to the end, appended to the partial file. */
async function fetchRest(d: BlobDownload, p: PartialFile, report: (bytes: number) => void): Promise<void> {
  const res = await fetch(d.url, {
    headers: {
      ...d.headers,
      // Range offsets must count the stored bytes, not a compressed encoding of them.
      'Accept-Encoding': 'identity',
      ...(p.have > 0 && { Range: `bytes=${p.have}-` }),
    },
    signal: d.signal,
  });
  if (res.status === 416 || (res.status === 200 && p.have > 0)) {
    // 416: what we hold is not a prefix the server recognises; 200: it ignores Range. Start over.
    await restartPartial(d, p);
    if (res.status === 416) {
      await res.body?.cancel();
      throw new ModelDownloadError('download-failed', 'the server refused to resume', true);
    }
  } else if (res.status === 206) {
    const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')?.[1];
    if (Number(start) !== p.have) {
      await res.body?.cancel();
      throw new ModelDownloadError('download-failed', `the server resumed ${d.label} at the wrong offset (${start ?? 'none'} instead of ${p.have})`);
    }
  } else if (res.status !== 200) {
    await res.body?.cancel();
    const status = `HTTP ${res.status} ${res.statusText}`.trim();
    if (res.status >= 500 || res.status === 429) throw new ModelDownloadError('download-failed', status, true);
    throw new ModelDownloadError('download-failed', `${status} for ${d.label}`);
  }
  if (!res.body) throw new ModelDownloadError('download-failed', 'an empty response', true);

  const fh = await fs.open(p.path, 'a');
  try {
    for await (const chunk of res.body) {
      try {
        const { bytesWritten } = await fh.write(chunk);
        if (bytesWritten !== chunk.length) throw new Error(`short write to ${p.path}`);
      } catch (e) {
        throw new DiskError(e);
      }
      p.hash.update(chunk);
      p.have += chunk.length;
      report(p.have);
    }
  } finally {
    await fh.close();
  }
  // A body that ends cleanly but short (no Content-Length to hold the server to) is a lost connection too.
  if (p.have < d.size) throw new ModelDownloadError('download-failed', 'the connection closed early', true);
}

const isRetryable = (e: unknown): boolean =>
  // undici signals network failures (refused, reset, closed mid-body) as TypeError "fetch failed" / "terminated".
  (e instanceof ModelDownloadError && e.transient) || e instanceof TypeError;

export async function downloadBlob(d: BlobDownload): Promise<void> {
  const p = await openPartial(d);
  const step = progressStep(d.size);
  let reported = p.have;
  const report = (bytes: number): void => {
    // bytes < reported: the server ignored Range and the file restarted from 0.
    if (bytes - reported >= step || bytes < reported || bytes >= d.size) {
      reported = bytes;
      d.onProgress?.(bytes);
    }
  };
  d.onProgress?.(p.have);

  const delays = d.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (let attempt = 0; p.have < d.size; attempt++) {
    try {
      await fetchRest(d, p, report);
    } catch (e) {
      d.signal?.throwIfAborted();
      if (e instanceof DiskError) throw e.original;
      if (!isRetryable(e)) throw e;
      if (attempt >= delays.length) {
        const kept = p.have > 0 ? '; the next attempt resumes from there' : '';
        throw new ModelDownloadError('download-failed', `${d.label} stopped at ${p.have} of ${d.size} bytes: ${describeFailure(e)}${kept}`);
      }
      await sleep(delays[attempt], undefined, { signal: d.signal });
    }
  }

  const got = p.hash.digest('hex');
  if (p.have !== d.size || got !== d.digest.hex) {
    await fs.rm(p.path, { force: true });
    const what = d.digest.algorithm === 'sha256' ? 'sha256' : 'git blob hash';
    throw new ModelDownloadError(
      'integrity',
      p.have !== d.size
        ? `${d.label} came out as ${p.have} bytes instead of ${d.size}; the download was deleted, try again`
        : `${d.label} failed its ${what} check (expected ${d.digest.hex}, got ${got}); the download was deleted, try again`,
    );
  }
  // On disk before the rename, so a power cut cannot leave a verified name over unwritten bytes.
  const fh = await fs.open(p.path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(p.path, d.dest);
}
