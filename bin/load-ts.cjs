// Runs a TypeScript entry from the source tree with no build step the user has to remember.
// esbuild bundles the entry (and each worker entry it starts) into node_modules/.cache/tagsmith/ on
// first use and again whenever any source they were built from changes (inputs and their mtimes are
// kept from esbuild's metafiles; the check is one synchronous stat per input, ~390 for the CLI, ~2-5 ms).
//
// What a start costs is compiling and running the code it loads, so an entry (the CLI) is one minified
// CommonJS file run with V8's code cache (Node 20 keeps no compiled code for ES modules; ~35 split ES
// chunks took ~30 ms to resolve and compile at each start). Modules the code reaches only through
// `await import()` are still evaluated only when the code asks for them (esbuild wraps them), and the
// heavy packages (sharp, onnxruntime-node, openai...) stay external, required when such a module runs.
// Worker entries stay ES modules, split into chunks: a worker starts once per job, not per command.
// Their CommonJS packages (sharp, onnxruntime-node) load by require(), ~40 ms sooner (require-packages.cjs).
//
// CommonJS itself, as is bin/tagsmith: an ES module entry costs ~8 ms more to start (the ES loader, and
// its facades of the built-ins it imports).
'use strict';
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const module_ = require('node:module');
const vm = require('node:vm');
const { dirname, join, relative, resolve, sep } = require('node:path');
const { pathToFileURL } = require('node:url');
const { REQUIRE_SHIM, isStandIn, requirePackages } = require('./require-packages.cjs');

const root = join(__dirname, '..');
const cacheDir = join(root, 'node_modules', '.cache', 'tagsmith');
/** Bumped when bundles are made differently, so a cache from an older loader is rebuilt. */
const FORMAT = 10;
/** Chunks no current bundle uses are deleted once this old: a process started before a rebuild may still import them. */
const STALE_CHUNK_MS = 24 * 60 * 60 * 1000;

/** The build record in `metaFile` if it was made by this loader's format, else null. */
function readMeta(metaFile) {
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    return meta.format === FORMAT && meta.inputs.length > 0 ? meta : null;
  } catch {
    return null;
  }
}

/**
 * Whether every input `meta` was built from keeps its mtime: one synchronous stat per input (~390 for
 * the CLI, 2-5 ms in all). Asynchronous stats overlapped compiling, but their callbacks cost the main
 * thread ~12 ms (a request object and a Stats object each).
 */
function inputsUnchanged(meta) {
  const base = root + sep;
  try {
    for (const [file, mtimeMs] of meta.inputs) {
      const st = statSync(base + file, { throwIfNoEntry: false });
      if (st === undefined || st.mtimeMs !== mtimeMs) return false;
    }
    return true;
  } catch {
    return false; // unreadable: rebuild, which reports the real problem
  }
}

/** `new URL('./x.ts', import.meta.url)`: a worker entry, which gets a cached bundle of its own. */
const TS_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;

const bundleName = (entry) => entry.replace(/[^a-z0-9]+/gi, '_');
/** A worker entry's bundle (an ES module). */
const bundleFile = (entry) => join(cacheDir, `${bundleName(entry)}.mjs`);
/** An entry run by importTs: one file holding a CommonJS module function, `(function (exports, require...) {...})`. */
const scriptFile = (entry) => join(cacheDir, `${bundleName(entry)}.cjs`);
/** The same as a module exporting that function, for --debug. */
const debugFile = (entry) => join(cacheDir, `${bundleName(entry)}.debug.cjs`);
const SCRIPT_WRAPPER = '(function (exports, require, module, __filename, __dirname) {';

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
        const source = (await require('node:fs/promises').readFile(args.path, 'utf8')).replace(TS_URL, (_m, _q, rel) => {
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
 * Packages are loaded from node_modules as they are, except these, on the start path of most commands,
 * which start faster bundled: in the script they come from V8's code cache instead of module files
 * resolved and compiled at every start (zod alone is ~30 files; commander, on every command's path, 7).
 * Never a package with native code or one that others in node_modules must share an instance of.
 */
const BUNDLED_PACKAGES = new Set(['zod', 're2js', 'smol-toml', 'commander']);

/**
 * Whether `require(name)` would load an ES module: the package has no CommonJS build. A CommonJS
 * script's default import of it would get its namespace, not its default export (esbuild follows
 * Node's rule for CommonJS), so a script bundles such a package (p-limit) when it imports it statically.
 */
function requiresAsEsm(name) {
  let file;
  try {
    file = require.resolve(name, { paths: [root] });
  } catch {
    return false;
  }
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
    if (dirname(dir) === dir) return false;
  }
}

/**
 * Modules a script loads at their first use instead of when the module importing them starts. Each
 * importer gets a stand-in whose exports are getters (names read from the module at build time), so
 * nothing loads until one is used.
 * - commander requires child_process at its top, only ever used to run external subcommands (Tagsmith
 *   has none): with the stream and net internals it brings, ~6 ms of every start.
 * - re2js, the linear-time engine of user patterns: its module body (Unicode tables) is ~12 ms to
 *   compile and run, and only a regex needs it; an edit with literal operations and no regex filter
 *   never does.
 */
const LAZY_MODULES = [
  { name: 'node:child_process', importer: /[\\/]node_modules[\\/]commander[\\/]/ },
  { name: 're2js', importer: /[\\/]shared[\\/]pattern[\\/]/ },
];
const LAZY = 'lazy-module';

function lazyStandIn(name) {
  const exported = Object.keys(require(name)).filter((key) => key !== 'default' && key !== '__esModule');
  const getters = exported.map((key) => `get ${JSON.stringify(key)}() { return load()[${JSON.stringify(key)}]; }`);
  return `let real; const load = () => (real ??= require(${JSON.stringify(name)})); module.exports = { __esModule: true, ${getters.join(', ')} };`;
}

function lazyModules() {
  return {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        // The stand-in's own require is the module itself, resolved by the other plugins and esbuild.
        if (args.namespace === LAZY) return undefined;
        const lazy = LAZY_MODULES.find((m) => m.name === args.path && m.importer.test(args.importer));
        return lazy ? { path: lazy.name, namespace: LAZY } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: LAZY }, (args) => ({ contents: lazyStandIn(args.path), loader: 'js', resolveDir: root }));
    },
  };
}

function externalPackages(script) {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point' || /^[a-z]:[\\/]/i.test(args.path)) return undefined;
        const parts = args.path.split('/');
        const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        const bundled = BUNDLED_PACKAGES.has(name) || (script && args.kind === 'import-statement' && requiresAsEsm(args.path));
        return bundled ? undefined : { path: args.path, external: true };
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

/**
 * Bundles `entry` and every worker entry it reaches: as one CommonJS file when `script` (an entry run by
 * importTs), else as split ES modules. Returns the source files they were built from and, for a script, a
 * hash of its code (the key of its code cache).
 */
async function bundle(entry, { script = false } = {}, done = new Set()) {
  const { build } = require('esbuild');
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
    outExtension: { '.js': script ? '.cjs' : '.mjs' },
    bundle: true,
    splitting: !script,
    platform: 'node',
    format: script ? 'cjs' : 'esm',
    target: 'node20',
    // A script is read and deserialized at every start: minified it is half the size. Stacks get their
    // names back from the source map (--debug); no code here reads a function's or class's name.
    minify: script,
    // A script is the body of a CommonJS module function, written out (SCRIPT_WRAPPER): compiled as it
    // is read, with no wrapped copy made at each start (~5 ms). Strict, as the ES modules it is bundled
    // from are.
    // A worker's ES modules get a require() for its CommonJS packages (require-packages.cjs).
    banner: { js: script ? `${SCRIPT_WRAPPER}"use strict";` : REQUIRE_SHIM },
    footer: script ? { js: '})' } : undefined,
    // import() of a package becomes a require() on first use (Node 20 runs import() in a vm.Script only
    // through an experimental loader, which warns on every use); ES-only ones load by require(esm).
    supported: script ? { 'dynamic-import': false } : undefined,
    // Linked, not inline: an inline map doubles what V8 reads at every start; --debug loads the .map file.
    sourcemap: 'linked',
    write: false,
    metafile: true,
    logLevel: 'error',
    plugins: [...(script ? [lazyModules()] : [requirePackages((name) => !BUNDLED_PACKAGES.has(name) && !requiresAsEsm(name))]), externalPackages(script), sourceUrls(workers)],
    absWorkingDir: root,
  });
  const entryFile = script ? scriptFile(entry) : bundleFile(entry);
  const current = new Set();
  let id;
  // Chunks first, the entry (which imports them) last.
  const outputs = [...result.outputFiles].sort((a, b) => Number(a.path.startsWith(entryFile)) - Number(b.path.startsWith(entryFile)));
  for (const out of outputs) {
    current.add(out.path);
    const isChunk = out.path.startsWith(chunkDir + sep);
    if (isChunk && out.path.endsWith('.mjs') && existsSync(out.path)) continue;
    if (out.path === entryFile) id = out.hash;
    if (out.path === entryFile && script) {
      const text = asciiOnly(out.text);
      writeAtomic(out.path, text);
      // For --debug: the same code as a module Node's loader can require (so it maps stack frames).
      // The prefix sits on the wrapper's own line, so the source map holds for every line of code.
      writeAtomic(debugFile(entry), `module.exports = ${text}`);
    } else {
      writeAtomic(out.path, out.contents);
    }
  }
  for (const file of existsSync(chunkDir) ? readdirSync(chunkDir) : []) {
    const path = join(chunkDir, file);
    try {
      if (!current.has(path) && Date.now() - statSync(path).mtimeMs > STALE_CHUNK_MS) rmSync(path, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
  // The stand-ins (require-packages.cjs, lazy built-ins) are no files to watch.
  const inputs = new Set(Object.keys(result.metafile.inputs).filter((file) => !isStandIn(file) && !file.startsWith(`${LAZY}:`)));
  for (const worker of workers) {
    if (done.has(worker)) continue;
    for (const file of (await bundle(worker, {}, done)).inputs) inputs.add(file);
  }
  return { inputs, id };
}

/**
 * The script with every non-ASCII character written as a \\u escape (esbuild keeps them in regular
 * expressions): V8 then holds it as a one-byte string, half the memory and ~5 ms less to read at each
 * start. The escapes mean the same in strings, templates, regular expressions (also in /u mode, where a
 * surrogate pair of escapes is one code point), identifiers and comments. The source map's columns shift
 * on the few lines that had one.
 */
const asciiOnly = (text) => text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * V8's compiled code for `entry`'s script: a JSON header line (the script's hash) then V8's data. V8
 * itself refuses data from another V8 version or other flags, but it checks a script only by its length,
 * so the hash is what ties the data to this script. The data is taken right after compiling, before any
 * of the script runs: a cache taken after a long run (a `serve` session) once made later servers fail at
 * their first save, so only the compiled text is kept; functions first called by a command compile lazily.
 */
const codeCacheFile = (entry) => join(cacheDir, `${bundleName(entry)}.v8`);

function readCodeCache(file, id) {
  try {
    const buf = readFileSync(file);
    const eol = buf.indexOf(10);
    return JSON.parse(buf.subarray(0, eol).toString()).id === id ? buf.subarray(eol + 1) : null;
  } catch {
    return null;
  }
}

/**
 * Reads and compiles `entry`'s script with its code cache, saving a new cache when there was none to use;
 * null if the script cannot be read.
 */
function compileScript(entry, id) {
  const file = scriptFile(entry);
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const cacheFile = codeCacheFile(entry);
  const cachedData = readCodeCache(cacheFile, id);
  const script = new vm.Script(source, { filename: file, cachedData: cachedData ?? undefined });
  if (cachedData === null || script.cachedDataRejected) {
    try {
      writeAtomic(cacheFile, Buffer.concat([Buffer.from(`${JSON.stringify({ id })}\n`), script.createCachedData()]));
    } catch {
      // A read-only cache folder: every start compiles, as without a cache.
    }
  }
  return { file, script };
}

/** Runs a compiled script as a CommonJS module (its require resolves from the cache folder, so from this package's node_modules). */
const runScript = ({ file, script }) => runModule(script.runInThisContext(), file);

/** Calls a script's module function as Node would, with a require that resolves from the script's folder. */
function runModule(moduleFunction, file) {
  const mod = { exports: {} };
  moduleFunction(mod.exports, module_.createRequire(file), mod, file, dirname(file));
  return mod.exports;
}

/** Runs `entry` (path relative to the repository root), building its cached bundles when stale; returns its exports. */
async function importTs(entry) {
  // With --debug, stack traces show source positions (mapping costs ~20 ms a start): Node maps the
  // frames of files its own loader required, not of a vm.Script, so the debug copy is required, uncached.
  const debug = process.argv.includes('--debug');
  const metaFile = scriptFile(entry).replace(/\.cjs$/, '.meta.json');
  let meta = readMeta(metaFile);
  const unchanged = meta !== null && inputsUnchanged(meta);
  let compiled = !unchanged || debug ? null : compileScript(entry, meta.id);
  if (!unchanged || (compiled === null && !debug)) {
    const { inputs: built, id } = await bundle(entry, { script: true });
    // This file is an input too: a change to how bundles are made must rebuild them.
    const files = [...built, relative(root, __filename)];
    meta = { format: FORMAT, id, inputs: files.map((file) => [file, statSync(join(root, file)).mtimeMs]) };
    writeAtomic(metaFile, JSON.stringify(meta));
    compiled = debug ? null : compileScript(entry, meta.id);
    if (compiled === null && !debug) throw new Error(`cannot read ${scriptFile(entry)}, just built`);
  }
  // Node 22.1+ keeps V8's compiled code for the workers' ES modules between runs; on Node 20 a no-op.
  module_.enableCompileCache?.(join(cacheDir, 'v8'));
  if (!debug) return runScript(compiled);
  process.setSourceMapsEnabled(true);
  return runModule(require(debugFile(entry)), scriptFile(entry));
}

module.exports = { importTs };
