/**
 * The Hugging Face hub cache layout, shared with Python tools (huggingface_hub, kohya, ComfyUI) so a
 * model downloaded by any of them is found by the others:
 *
 *   <hubCache>/models--<owner>--<name>/
 *     refs/<revision>                 commit hash the revision pointed to when last downloaded
 *     blobs/<etag>                    file bytes; etag = sha256 for LFS files, git blob sha1 otherwise
 *     blobs/<etag>.incomplete         a download in progress (resumed from its size)
 *     snapshots/<commit>/<file>       usually a relative symlink to ../../blobs/<etag>
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { getHFHubCachePath, getRepoFolderName } from '@huggingface/hub';
import { isErrno } from '../fs/errno.ts';
import { tempPathFor, writeFileAtomic } from '../fs/atomic-write.ts';

const COMMIT_RE = /^[0-9a-f]{40}$/;

export const isCommitHash = (revision: string): boolean => COMMIT_RE.test(revision);

/** $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub (the library also honours the legacy and XDG variables, as Python does). */
export const defaultHubCache = (): string => getHFHubCachePath();

export const repoCacheDir = (hubCache: string, repo: string): string =>
  path.join(hubCache, getRepoFolderName({ type: 'model', name: repo }));

export const snapshotDir = (hubCache: string, repo: string, commit: string): string =>
  path.join(repoCacheDir(hubCache, repo), 'snapshots', commit);

export const blobPath = (hubCache: string, repo: string, etag: string): string =>
  path.join(repoCacheDir(hubCache, repo), 'blobs', etag);

/** True when `file` exists after following symlinks (a dangling link to a deleted blob is absent). */
export async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch (e) {
    if (isErrno(e, 'ENOENT') || isErrno(e, 'ENOTDIR') || isErrno(e, 'ELOOP')) return false;
    throw e;
  }
}

async function hasAll(dir: string, files: readonly string[]): Promise<boolean> {
  for (const f of files) if (!(await isFile(path.join(dir, f)))) return false;
  return true;
}

async function readRef(hubCache: string, repo: string, revision: string): Promise<string | null> {
  try {
    const commit = (await fs.readFile(path.join(repoCacheDir(hubCache, repo), 'refs', revision), 'utf8')).trim();
    return isCommitHash(commit) ? commit : null;
  } catch (e) {
    if (isErrno(e, 'ENOENT') || isErrno(e, 'ENOTDIR') || isErrno(e, 'EISDIR')) return null;
    throw e;
  }
}

export async function writeRef(hubCache: string, repo: string, revision: string, commit: string): Promise<void> {
  const ref = path.join(repoCacheDir(hubCache, repo), 'refs', revision);
  await fs.mkdir(path.dirname(ref), { recursive: true });
  await writeFileAtomic(ref, commit);
}

/**
 * The snapshot folder holding every one of `files` for `revision`: the one refs/<revision> names,
 * else (a ref to a snapshot missing a file, no ref at all, or a folder named after the revision as
 * people create by hand) the most recently modified snapshot that has them all.
 */
export async function findCachedSnapshot(
  hubCache: string,
  repo: string,
  revision: string,
  files: readonly string[],
): Promise<string | null> {
  const preferred = isCommitHash(revision) ? revision : await readRef(hubCache, repo, revision);
  if (preferred) {
    const dir = snapshotDir(hubCache, repo, preferred);
    if (await hasAll(dir, files)) return dir;
  }
  const root = path.join(repoCacheDir(hubCache, repo), 'snapshots');
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch (e) {
    if (isErrno(e, 'ENOENT') || isErrno(e, 'ENOTDIR')) return null;
    throw e;
  }
  const candidates: { dir: string; mtimeMs: number }[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    if (await hasAll(dir, files)) candidates.push({ dir, mtimeMs: (await fs.stat(dir)).mtimeMs });
  }
  candidates.sort((a, b) => b.mtimeMs - a.mtimeMs);
  return candidates[0]?.dir ?? null;
}

/**
 * Puts snapshots/<commit>/<file> in place pointing at the blob: a relative symlink as huggingface_hub
 * makes (the cache stays valid when moved), or a copy where symlinks are not allowed (Windows without
 * developer mode). Made under a temp name and renamed, so the final path is never half-written.
 */
export async function linkIntoSnapshot(blob: string, pointer: string): Promise<void> {
  await fs.mkdir(path.dirname(pointer), { recursive: true });
  const tmp = tempPathFor(pointer);
  try {
    try {
      await fs.symlink(path.relative(path.dirname(pointer), blob), tmp);
    } catch {
      await fs.copyFile(blob, tmp);
    }
    await fs.rename(tmp, pointer);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
