// Runs a TypeScript entry from the source tree with no build step the user has to remember.
// esbuild bundles the entry (and each worker entry it starts) into node_modules/.cache/tagsmith/ on
// first use and again whenever any source they were built from changes (inputs and their mtimes are
// kept from esbuild's metafiles), so a run costs one stat per source file instead of loading a
// TypeScript loader (tsx: ~0.3 s per start, and again in every worker thread).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'tagsmith');
/** Bumped when bundles are made differently, so a cache from an older loader is rebuilt. */
const FORMAT = 2;

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

const bundleFile = (entry) => join(cacheDir, `${entry.replace(/[^a-z0-9]+/gi, '_')}.mjs`);

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

/** Bundles `entry` and every worker entry it reaches; returns the source files they were built from. */
async function bundle(entry, done = new Set()) {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  done.add(entry);
  const outFile = bundleFile(entry);
  const tmp = `${outFile}.${process.pid}.tmp`;
  const workers = new Set();
  const result = await build({
    entryPoints: [join(root, entry)],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    metafile: true,
    logLevel: 'error',
    plugins: [sourceUrls(workers)],
    absWorkingDir: root,
  });
  // Temp + rename: two CLIs started at once never import a half-written bundle.
  renameSync(tmp, outFile);
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
    writeFileSync(`${metaFile}.${process.pid}.tmp`, JSON.stringify({ format: FORMAT, inputs }));
    renameSync(`${metaFile}.${process.pid}.tmp`, metaFile);
  }
  // Source positions in stack traces only when someone reads them (--debug): mapping costs ~20 ms a start.
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
  return import(pathToFileURL(bundleFile(entry)).href);
}
