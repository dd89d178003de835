/**
 * Downloads chosen files of one hub revision into the hub cache layout (see hub-cache.ts), as
 * huggingface_hub's hf_hub_download would, so Python tools find them too.
 *
 * From @huggingface/hub: modelInfo (revision -> commit, written to refs/<revision> like Python does),
 * pathsInfo (size and published hash of each file, one request for all) and the cache naming helpers.
 * The bytes themselves go through blob-download.ts, because the library's downloaders cannot report
 * progress, resume or verify (see there).
 */
import path from 'node:path';
import { modelInfo, pathsInfo } from '@huggingface/hub';
import { blobPath, isCommitHash, isFile, linkIntoSnapshot, snapshotDir, writeRef } from './hub-cache.ts';
import { downloadBlob } from './blob-download.ts';
import type { Digest } from './blob-download.ts';
import { ModelDownloadError } from './errors.ts';

export interface DownloadProgress {
  file: string;
  bytes: number;
  total: number | null;
}

export interface SnapshotDownload {
  repo: string;
  revision: string;
  files: readonly string[];
  hubCache: string;
  hubUrl: string;
  accessToken?: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** Per blob path: two callers in this process (the UI and a job) must not append to one partial file. */
const inFlight = new Map<string, Promise<void>>();

async function oneAtATime(key: string, fn: () => Promise<void>): Promise<void> {
  const run = (inFlight.get(key) ?? Promise.resolve()).then(fn);
  const settled = run.catch(() => undefined);
  inFlight.set(key, settled);
  try {
    await run;
  } finally {
    if (inFlight.get(key) === settled) inFlight.delete(key);
  }
}

/** Returns the snapshot folder holding every file. Throws ModelDownloadError, HubApiError, network or fs errors. */
export async function downloadSnapshot(req: SnapshotDownload): Promise<string> {
  const { repo, revision, hubCache, hubUrl, signal } = req;
  const fetchWithSignal: typeof fetch = (input, init) => fetch(input, { ...init, signal });
  const hub = { hubUrl, accessToken: req.accessToken, fetch: fetchWithSignal };

  const commit = isCommitHash(revision)
    ? revision
    : (await modelInfo({ ...hub, name: repo, revision, additionalFields: ['sha'] })).sha;
  const infos = await pathsInfo({ ...hub, repo: { type: 'model', name: repo }, paths: [...req.files], revision: commit });

  const plan = req.files.map((file) => {
    const info = infos.find((i) => i.path === file && i.type === 'file');
    if (!info?.oid) throw new ModelDownloadError('download-failed', `${repo} has no ${file} at revision ${revision}`);
    const digest: Digest = info.lfs ? { algorithm: 'sha256', hex: info.lfs.oid } : { algorithm: 'git-sha1', hex: info.oid };
    return { file, size: info.lfs?.size ?? info.size, digest };
  });
  // Smallest first: a broken repo or a bad token shows up before the long download, not after it.
  plan.sort((a, b) => a.size - b.size);

  const snapshot = snapshotDir(hubCache, repo, commit);
  for (const { file, size, digest } of plan) {
    const pointer = path.join(snapshot, file);
    if (await isFile(pointer)) continue;
    const blob = blobPath(hubCache, repo, digest.hex);
    await oneAtATime(blob, async () => {
      if (await isFile(blob)) return;
      await downloadBlob({
        url: `${hubUrl}/${repo}/resolve/${commit}/${file.split('/').map(encodeURIComponent).join('/')}`,
        dest: blob,
        size,
        digest,
        label: `${file} of ${repo}`,
        headers: req.accessToken ? { Authorization: `Bearer ${req.accessToken}` } : {},
        signal,
        onProgress: (bytes) => req.onProgress?.({ file, bytes, total: size }),
      });
    });
    await linkIntoSnapshot(blob, pointer);
  }
  if (revision !== commit) await writeRef(hubCache, repo, revision, commit);
  return snapshot;
}
