import fs from 'node:fs';
import path from 'node:path';

/**
 * Pure containment check for a caller-supplied relative path. Strict on purpose: callers get their
 * paths from us in canonical form ("a/b.txt"), so anything else is refused rather than normalised.
 * Both / and \ count as separators here, so "..\\x" cannot escape on Windows nor sneak past on POSIX.
 * Percent escapes are not decoded: "%2e%2e" is a literal folder name and stays inside.
 */
export function isInsideRoot(root: string, candidate: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.includes('\0')) return false;
  if (!path.isAbsolute(root)) return false;
  if (/^[\\/]/.test(candidate) || /^[A-Za-z]:/.test(candidate) || path.isAbsolute(candidate)) return false;
  const segments = candidate.split(/[\\/]/);
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
  const rootResolved = path.resolve(root);
  const resolved = path.resolve(rootResolved, candidate);
  const rel = path.relative(rootResolved, resolved);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}

/** "a/b.txt" relative to root, as an absolute native path. Call only after isInsideRoot. */
export function toAbsolute(root: string, relPath: string): string {
  return path.join(root, ...relPath.split('/'));
}

/**
 * Whether a resolved path (realpath) lies strictly inside the resolved dataset root. The scan keeps
 * symlinked image files, and a dataset from elsewhere may hold one pointing at any file of this
 * user's: such a file is never read for the tagger, an LLM, an export or a lint.
 */
export function isRealInside(realRoot: string, real: string): boolean {
  const rel = path.relative(realRoot, real);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * isInsideRoot is lexical; a symlinked folder inside the root can still point outside. This resolves
 * the parent folder of each target (cached per folder, since a batch touches few folders) and checks
 * it against the real root. Returns null when inside, else the reason.
 */
export class RealParentChecker {
  private readonly cache = new Map<string, string | null>();
  private realRoot: string | null = null;

  constructor(private readonly root: string) {}

  async check(absPath: string): Promise<string | null> {
    this.realRoot ??= await fs.promises.realpath(this.root);
    const dir = path.dirname(absPath);
    const hit = this.cache.get(dir);
    if (hit !== undefined) return hit;
    let verdict: string | null;
    try {
      const real = await fs.promises.realpath(dir);
      verdict = real === this.realRoot || real.startsWith(this.realRoot + path.sep) ? null : 'folder resolves outside the dataset root';
    } catch (e) {
      verdict = `folder cannot be resolved (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    this.cache.set(dir, verdict);
    return verdict;
  }
}
