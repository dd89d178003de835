// `npm run build:electron`: bundles the Electron main process and the preload into out/electron/.
// Electron runs JavaScript only (no tsx), and a sandboxed preload cannot load ES modules or other
// files, so: main as one ES module, preload as one CommonJS file, and every worker the backend
// starts with `new URL('./x.ts', import.meta.url)` as its own bundle beside main.js, the reference
// rewritten to point there (a packaged app has no source tree to find ./x.ts in). A data file
// referenced the same way (models/clip/*.txt.gz) is copied beside main.js as it is.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import requirePackagesModule from '../bin/require-packages.cjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Repository-relative; electron/main/layout.ts names the same folder (build/electron-builder.test.ts checks). */
export const ELECTRON_OUT_DIR = 'out/electron';

/** Native addons and packages that locate their own files at run time stay in node_modules. */
export const EXTERNAL = ['electron', 'sharp', 'onnxruntime-node', 'tsx'];
/** The CommonJS ones every worker imports: loaded with require(), which starts a worker sooner (require-packages.cjs). */
const REQUIRED = new Set(['sharp', 'onnxruntime-node']);
const { REQUIRE_SHIM, requirePackages } = requirePackagesModule;
/** Electron 45 ships Node 22 and Chromium 140. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

const NEW_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;
const PLACEHOLDER = '__tagsmith_bundle_url__';


const CODE = /\.[cm]?[jt]s$/;

/**
 * Collects `new URL('./file', import.meta.url)` assets and rewrites them to `./<name>` next to the
 * bundle: code (`assets`, bundled as `<name>.mjs`) or data (`dataFiles`, copied under its own name).
 * Any other use of import.meta.url in project code fails the build: bundled, it would name
 * out/electron/main.js, not the source file the author meant.
 */
function bundleUrls(assets, dataFiles) {
  return {
    name: 'bundle-urls',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const rewritten = source.replace(NEW_URL, (_m, _q, rel) => {
          const target = resolve(dirname(args.path), rel);
          const isCode = CODE.test(target);
          const name = isCode ? `${basename(target, extname(target))}.mjs` : basename(target);
          const known = assets.get(name) ?? dataFiles.get(name);
          if (known && known !== target) throw new Error(`two bundled assets would both be out/electron/${name}: ${known} and ${target}`);
          (isCode ? assets : dataFiles).set(name, target);
          return `new URL(${JSON.stringify(`./${name}`)}, ${PLACEHOLDER})`;
        });
        // createRequire(import.meta.url) resolves packages from the bundle's own place, which sits
        // inside the app next to its node_modules: the same answer as from the source file.
        if (rewritten.replaceAll('createRequire(import.meta.url)', '').includes('import.meta.url')) {
          throw new Error(`${relative(repoRoot, args.path)}: import.meta.url is only supported as new URL('./file', import.meta.url) or createRequire(import.meta.url) in code bundled for Electron`);
        }
        return { contents: rewritten.replaceAll(PLACEHOLDER, 'import.meta.url'), loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
      });
    },
  };
}

const nodeBundle = (entry, outfile, assets, dataFiles) =>
  build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    external: EXTERNAL,
    // esbuild's ESM output cannot `require` a Node built-in from a bundled CommonJS dependency, nor
    // a package loaded by require(), without it.
    banner: { js: REQUIRE_SHIM },
    sourcemap: true,
    logLevel: 'error',
    absWorkingDir: repoRoot,
    plugins: [requirePackages((name) => REQUIRED.has(name)), bundleUrls(assets, dataFiles)],
  });

/** Builds {main.js, preload.cjs, <workers>.mjs} into outDir. Returns the names of the files written. */
export async function buildElectron({ outDir = join(repoRoot, ELECTRON_OUT_DIR) } = {}) {
  // Stale workers from an earlier build must not ship.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const assets = new Map();
  const dataFiles = new Map();
  await nodeBundle(join(repoRoot, 'electron/main/main.ts'), join(outDir, 'main.js'), assets, dataFiles);
  await build({
    entryPoints: [join(repoRoot, 'electron/preload/preload.ts')],
    outfile: join(outDir, 'preload.cjs'),
    bundle: true,
    // Sandboxed: browser globals and require('electron') only, so a Node import fails here, not at run time.
    platform: 'browser',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
    // The contract's schemas come along (zod); minified, the page parses a third of it on every load.
    minify: true,
    sourcemap: true,
    logLevel: 'error',
    absWorkingDir: repoRoot,
  });
  // Workers may reference further assets; build until no new one turns up.
  const built = new Set();
  for (let pending = [...assets]; pending.length > 0; pending = [...assets].filter(([name]) => !built.has(name))) {
    for (const [name, target] of pending) {
      built.add(name);
      await nodeBundle(target, join(outDir, name), assets, dataFiles);
    }
  }
  for (const [name, source] of dataFiles) copyFileSync(source, join(outDir, name));
  return ['main.js', 'preload.cjs', ...built, ...dataFiles.keys()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = await buildElectron();
  console.log(`built ${files.map((f) => `${ELECTRON_OUT_DIR}/${f}`).join(', ')}`);
}
