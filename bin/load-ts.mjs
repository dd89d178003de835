// Runs a TypeScript entry from the source tree with no build step the user has to remember.
// esbuild bundles the entry into node_modules/.cache/tagsmith/ on first use and again whenever any
// source it was built from changes (inputs and their mtimes are kept from esbuild's metafile), so a
// run costs one stat per source file instead of loading a TypeScript loader (tsx: ~0.3 s per start).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'tagsmith');

function isFresh(metaFile) {
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    return meta.inputs.length > 0 && meta.inputs.every(([file, mtimeMs]) => statSync(join(root, file)).mtimeMs === mtimeMs);
  } catch {
    return false;
  }
}

// Bundled code would otherwise see the bundle's import.meta.url; workers and assets are located
// relative to their own source file, so each module keeps its original URL.
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

/** Imports `entry` (path relative to the repository root), building its cached bundle when stale. */
export async function importTs(entry) {
  const name = entry.replace(/[^a-z0-9]+/gi, '_');
  const outFile = join(cacheDir, `${name}.mjs`);
  const metaFile = join(cacheDir, `${name}.meta.json`);
  if (!isFresh(metaFile)) {
    const { build } = await import('esbuild');
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${outFile}.${process.pid}.tmp`;
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
      plugins: [keepImportMetaUrl],
      absWorkingDir: root,
    });
    const inputs = Object.keys(result.metafile.inputs).map((file) => [file, statSync(join(root, file)).mtimeMs]);
    // Temp + rename: two CLIs started at once never import a half-written bundle.
    renameSync(tmp, outFile);
    writeFileSync(`${metaFile}.${process.pid}.tmp`, JSON.stringify({ inputs }));
    renameSync(`${metaFile}.${process.pid}.tmp`, metaFile);
  }
  // Source positions in stack traces only when someone reads them (--debug): mapping costs ~20 ms a start.
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
  return import(pathToFileURL(outFile).href);
}

