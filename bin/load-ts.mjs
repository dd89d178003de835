// Runs a TypeScript entry from the source tree with no build step the user has to remember.
// esbuild bundles the entry (and each worker entry it starts) into node_modules/.cache/tagsmith/ on
// first use and again whenever any source they were built from changes (inputs and their mtimes are
// kept from esbuild's metafiles). That check is one stat per input file, ~3 ms for the CLI's ~230
// inputs; what a start costs is mostly the modules it loads, so bundles are split (ESM code splitting):
// a module reached only through `await import()` becomes its own chunk, loaded when the code asks for it,
// and the CLI's commands import their heavy parts (sharp, onnxruntime-node, openai...) that way.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import module from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'tagsmith');
/** Bumped when bundles are made differently, so a cache from an older loader is rebuilt. */
const FORMAT = 3;
/** Chunks no current bundle uses are deleted once this old: a process started before a rebuild may still import them. */
const STALE_CHUNK_MS = 24 * 60 * 60 * 1000;

function isFresh(metaFile) {
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    return meta.format === FORMAT && meta.inputs.length > 0 && meta.inputs.every(([file, mtimeMs]) => statSync(join(root, file)).mtimeMs === mtimeMs);
  } catch {
    return false;
  }
}

/** `new URL('./x.ts', import.meta.url)`: a worker entry, which gets a cached bundle of its own. */
const TS_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;

const bundleName = (entry) => entry.replace(/[^a-z0-9]+/gi, '_');
const bundleFile = (entry) => join(cacheDir, `${bundleName(entry)}.mjs`);

/**
 * Bundled code would otherwise see the bundle's import.meta.url, so each module keeps its own URL
 * (assets are located relative to their source file). A worker entry is pointed at its own bundle
 * instead of its source: started from source, each worker would load tsx (~0.4 s) before its first job.
 */
function sourceUrls(workers) {
  return {
    name: 'source-urls',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = (await readFile(args.path, 'utf8')).replace(TS_URL, (_m, _q, rel) => {
          const worker = relative(root, resolve(dirname(args.path), rel)).split(sep).join('/');
          workers.add(worker);
          return `new URL(${JSON.stringify(pathToFileURL(bundleFile(worker)).href)})`;
        });
        return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
      });
    },
  };
}

/**
 * Packages are loaded from node_modules as they are, except these: pure-ESM libraries on the start path
 * of most commands, which start faster bundled (zod alone is ~30 module files to resolve and load).
 * Never a package with native code or one that others in node_modules must share an instance of.
 */
const BUNDLED_PACKAGES = new Set(['zod', 're2js', 'smol-toml']);

function externalPackages() {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point' || /^[a-z]:[\\/]/i.test(args.path)) return undefined;
        const parts = args.path.split('/');
        const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        return BUNDLED_PACKAGES.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

/** Temp + rename: a CLI started meanwhile never imports a half-written file. */
function writeAtomic(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/** Bundles `entry` and every worker entry it reaches; returns the source files they were built from. */
async function bundle(entry, done = new Set()) {
  const { build } = await import('esbuild');
  done.add(entry);
  const name = bundleName(entry);
  // Chunk names carry a hash of their content, so a rebuild never rewrites a chunk a running process uses.
  const chunkDir = join(cacheDir, `${name}.chunks`);
  const workers = new Set();
  const result = await build({
    entryPoints: { [name]: join(root, entry) },
    outdir: cacheDir,
    entryNames: '[name]',
    chunkNames: `${name}.chunks/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Linked, not inline: an inline map doubles what V8 reads at every start; --debug loads the .map file.
    sourcemap: 'linked',
    write: false,
    metafile: true,
    logLevel: 'error',
    plugins: [externalPackages(), sourceUrls(workers)],
    absWorkingDir: root,
  });
  const entryFile = bundleFile(entry);
  const current = new Set();
  // Chunks first, the entry (which imports them) last.
  const outputs = [...result.outputFiles].sort((a, b) => Number(a.path.startsWith(entryFile)) - Number(b.path.startsWith(entryFile)));
  for (const out of outputs) {
    current.add(out.path);
    const isChunk = out.path.startsWith(chunkDir + sep);
    if (isChunk && out.path.endsWith('.mjs') && existsSync(out.path)) continue;
    writeAtomic(out.path, out.contents);
  }
  for (const file of existsSync(chunkDir) ? readdirSync(chunkDir) : []) {
    const path = join(chunkDir, file);
    try {
      if (!current.has(path) && Date.now() - statSync(path).mtimeMs > STALE_CHUNK_MS) rmSync(path, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
  const inputs = new Set(Object.keys(result.metafile.inputs));
  for (const worker of workers) {
    if (done.has(worker)) continue;
    for (const file of await bundle(worker, done)) inputs.add(file);
  }
  return inputs;
}

/** Imports `entry` (path relative to the repository root), building its cached bundles when stale. */
export async function importTs(entry) {
  const metaFile = bundleFile(entry).replace(/\.mjs$/, '.meta.json');
  if (!isFresh(metaFile)) {
    // This file is an input too: a change to how bundles are made must rebuild them.
    const files = [...(await bundle(entry)), relative(root, fileURLToPath(import.meta.url))];
    const inputs = files.map((file) => [file, statSync(join(root, file)).mtimeMs]);
    writeAtomic(metaFile, JSON.stringify({ format: FORMAT, inputs }));
  }
  // Node 22.1+ keeps V8's compiled code for the bundles between runs (compiling them is most of a
  // start's own cost); on Node 20 this is a no-op.
  module.enableCompileCache?.(join(cacheDir, 'v8'));
  // Source positions in stack traces only when someone reads them (--debug): mapping costs ~20 ms a start.
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
  return import(pathToFileURL(bundleFile(entry)).href);
}
