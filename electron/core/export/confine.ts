import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Web mode's limit on where `export.run` may write. Whoever holds the web token is not necessarily
 * the machine's user, and an export writes a config file whose text the caller chooses (trigger
 * words, class word...): without a limit it could create `~/.bashrc.d/dataset.toml`, which some
 * shells source at login. The desktop app and the CLI pass none: there the person who picks the
 * folder is the user.
 */
export interface ExportConfinement {
  /** Exports go only into this folder or below it: the dataset's parent, or `tagsmith serve --export-root DIR`. */
  root: string;
}

/** A path as written (absolute, normalised) and as it is on disk (see realDestination). */
export interface PathPair {
  lexical: string;
  real: string;
}

/**
 * Why `to` may not be an export destination under `root`, or null when it may. Pure, so each rule
 * has a table test; the caller resolves the real paths first.
 * - Inside the root by the real path: a symlink anywhere on the way cannot lead out of it.
 * - No component below the root that starts with '.', neither as written nor as resolved: hidden
 *   folders are where programs keep what they run or load (.bashrc.d, .config/autostart, .ssh,
 *   .git/hooks), and no trainer needs its data in one.
 * - Never the home folder itself (only reachable when the root is the home folder or above it).
 */
export function confinementRefusal(root: PathPair, to: PathPair, home: PathPair | null): string | null {
  const realBelow = below(root.real, to.real);
  if (realBelow === null) {
    const how = below(root.lexical, to.lexical) === null ? '' : ' through a symbolic link';
    return `${to.lexical} leads outside the export folder ${root.lexical}${how}; web mode exports only under it (tagsmith serve --export-root DIR changes it)`;
  }
  const lexicalBelow = below(root.lexical, to.lexical);
  const hidden = [realBelow, lexicalBelow ?? ''].flatMap((rel) => rel.split(path.sep)).find((part) => part.startsWith('.'));
  if (hidden !== undefined) return `${to.lexical} goes through the hidden folder ${hidden}; web mode does not export into hidden folders`;
  if (home && (to.real === home.real || to.lexical === home.lexical)) {
    return `${to.lexical} is the home folder; export into a new folder inside it`;
  }
  return null;
}

/** `child` relative to `parent` ('' when the same), or null when it is not inside it. */
function below(parent: string, child: string): string | null {
  const rel = path.relative(parent, child);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return rel;
}

/**
 * Where a path really goes: the realpath of its deepest existing ancestor plus the rest, which does
 * not exist yet and so holds no symlink. A dangling symlink on the way throws (ENOENT): nothing is
 * written through it.
 */
export async function realDestination(to: string): Promise<PathPair> {
  const lexical = path.resolve(to);
  let existing = lexical;
  while (!(await lexists(existing))) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  const real = path.join(await fs.promises.realpath(existing), path.relative(existing, lexical));
  return { lexical, real };
}

/** The confinement's root and this user's home folder, resolved at each export (either may have moved since the server started). */
export async function confinementPaths(confine: ExportConfinement): Promise<{ root: PathPair; home: PathPair | null }> {
  const lexical = path.resolve(confine.root);
  const root = { lexical, real: await fs.promises.realpath(lexical) };
  const homeDir = os.homedir();
  const home = homeDir ? { lexical: path.resolve(homeDir), real: await fs.promises.realpath(homeDir).catch(() => path.resolve(homeDir)) } : null;
  return { root, home };
}

async function lexists(p: string): Promise<boolean> {
  try {
    await fs.promises.lstat(p);
    return true;
  } catch {
    return false;
  }
}
