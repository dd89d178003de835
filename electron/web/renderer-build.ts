import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Web mode serves the renderer's production build, and `npm ci` must be all a user runs: so the
 * build happens on demand, like bin/load-ts.cjs does for the CLI. It is cached under
 * node_modules/.cache/tagsmith/renderer with a stamp listing every input and its mtime; any input
 * added, removed or touched since makes it stale.
 */

export interface RendererBuildOptions {
  /** Repository root holding renderer/ and shared/. Default: this checkout. */
  repoRoot?: string;
  /** Where the build goes. Default `<repoRoot>/node_modules/.cache/tagsmith/renderer`. */
  outDir?: string;
  /** Default `<repoRoot>/renderer/vite.config.ts`. */
  configFile?: string;
  /** Where the one progress line goes. Default stderr (stdout carries only the serve line). */
  log?: (line: string) => void;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Folders whose files the UI is built from; package-lock.json covers dependency upgrades. */
const INPUT_DIRS = ['renderer', 'shared'];
const INPUT_FILES = ['package-lock.json'];

type Stamp = { inputs: [string, number][] };

/** A directory holding a fresh renderer build (index.html + assets/), building it when missing or stale. */
export async function ensureRendererBuild(opts: RendererBuildOptions = {}): Promise<string> {
  const override = process.env.TAGSMITH_RENDERER_DIR;
  if (override) return path.resolve(override);

  const repoRoot = path.resolve(opts.repoRoot ?? REPO_ROOT);
  const outDir = path.resolve(opts.outDir ?? path.join(repoRoot, 'node_modules', '.cache', 'tagsmith', 'renderer'));
  const stampFile = `${outDir}.stamp.json`;
  const configFile = opts.configFile ?? path.join(repoRoot, 'renderer', 'vite.config.ts');
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  // Listed before building: an input edited while vite runs is newer than the stamp and rebuilds next time.
  const inputs = listInputs(repoRoot);
  if (isFresh(stampFile, inputs) && fs.existsSync(path.join(outDir, 'index.html'))) return outDir;

  if (!fs.existsSync(configFile)) throw new Error(`cannot build the editor UI: ${path.relative(repoRoot, configFile)} is missing`);
  log('tagsmith: building the editor UI...');
  const tmpDir = `${outDir}.${process.pid}.tmp`;
  fs.rmSync(tmpDir, { recursive: true, force: true });
  const { build, loadConfigFromFile } = await import('vite');
  try {
    const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, configFile, repoRoot, 'warn');
    const config = loaded?.config ?? {};
    await build({
      ...config,
      configFile: false,
      // Without a root of its own, vite would use the cwd, which is wherever `tagsmith serve` was run.
      root: config.root ? path.resolve(repoRoot, config.root) : path.dirname(configFile),
      mode: 'production',
      // Vite prints its report with console.log; stdout belongs to the one serve line, so warnings only.
      logLevel: 'warn',
      build: { ...config.build, outDir: tmpDir, emptyOutDir: true },
    }).catch((e: unknown) => {
      const first = (e instanceof Error ? e.message : String(e)).split('\n', 1)[0];
      throw new Error(`cannot build the editor UI: ${first}`, { cause: e });
    });
    if (!fs.existsSync(path.join(tmpDir, 'index.html'))) throw new Error('the editor UI build produced no index.html');
    // Swapped in whole so a server never sees half a build; a concurrent builder's result is as good as ours.
    fs.rmSync(outDir, { recursive: true, force: true });
    try {
      fs.renameSync(tmpDir, outDir);
    } catch (e) {
      if (!fs.existsSync(path.join(outDir, 'index.html'))) throw e;
    }
    writeStamp(stampFile, { inputs });
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  return outDir;
}

/** Every source file the build could depend on, repository-relative, sorted, with its mtime. */
export function listInputs(repoRoot: string): [string, number][] {
  const out: [string, number][] = [];
  const visit = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(repoRoot, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const ent of entries) {
      // Tests and hidden files (editor swap files, caches) never reach the bundle.
      if (ent.name.startsWith('.') || ent.name === 'node_modules' || /\.test\.tsx?$/.test(ent.name)) continue;
      const child = `${rel}/${ent.name}`;
      if (ent.isDirectory()) visit(child);
      else if (ent.isFile()) out.push([child, fs.statSync(path.join(repoRoot, child)).mtimeMs]);
    }
  };
  for (const dir of INPUT_DIRS) visit(dir);
  for (const file of INPUT_FILES) {
    const st = fs.statSync(path.join(repoRoot, file), { throwIfNoEntry: false });
    if (st?.isFile()) out.push([file, st.mtimeMs]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function isFresh(stampFile: string, inputs: [string, number][]): boolean {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (!Array.isArray(stamp.inputs) || stamp.inputs.length !== inputs.length || inputs.length === 0) return false;
  return inputs.every(([file, mtime], i) => stamp.inputs[i]?.[0] === file && stamp.inputs[i]?.[1] === mtime);
}

function writeStamp(stampFile: string, stamp: Stamp): void {
  const tmp = `${stampFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(stamp));
  fs.renameSync(tmp, stampFile);
}
