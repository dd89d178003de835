/*
 * Vite configuration of the renderer (root: this folder). Callers pick the output folder with
 * `--outDir` or the programmatic `build({ configFile, build: { outDir } })`; inline options override
 * the ones returned here.
 *
 * Vite runs this file in Node, but it lives in renderer/, whose tsconfig holds browser types only.
 * Vite's and the React plugin's type declarations reference all of Node's, so importing them here
 * would hand Node globals to every renderer file. Hence no static imports and small local types.
 */

interface ConfigEnv {
  command: 'build' | 'serve';
  mode: string;
}

/** `file:///C:/x/` -> `C:/x/`, `file:///home/x/` -> `/home/x/` (no node:url in this layer). */
function fileUrlToPath(url: URL): string {
  const path = decodeURIComponent(url.pathname);
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
}

/** zod and the module that configures it before any schema is built (main.tsx imports it first). */
const ZOD = /[\\/]node_modules[\\/]zod[\\/]|[\\/]renderer[\\/]src[\\/]zod-config\.ts$/;

/** The page's first requests: a chunk of its own, which takes in everything early.ts imports. */
const EARLY_ENTRY = /[\\/]renderer[\\/]src[\\/]early\.ts$/;

/** The parts of Vite's transformIndexHtml context used here. */
interface HtmlContext {
  bundle?: Record<string, { type: string; name?: string; fileName: string; imports?: string[] }>;
}

/**
 * The early chunk also gets a script tag of its own, `async`, ahead of the entry: a module script
 * runs only once its whole import graph is downloaded, so as a mere import of the entry it would wait
 * for every other chunk. Having no imports itself, it runs as soon as it arrives; the entry's import
 * of the same URL then finds it evaluated (a module runs once per page).
 */
const earlyScriptTag = {
  name: 'tagsmith-early-script',
  transformIndexHtml: {
    order: 'post',
    handler(html: string, ctx: HtmlContext): string {
      // The dev server has no bundle: there every module is its own file anyway.
      if (!ctx.bundle) return html;
      const chunk = Object.values(ctx.bundle).find((c) => c.type === 'chunk' && c.name === 'early');
      const entry = html.indexOf('<script type="module"');
      if (!chunk || entry < 0) throw new Error('the build has no early chunk or no entry script (see EARLY_ENTRY)');
      // An import would make it wait for another chunk, and for that chunk's evaluation.
      if (chunk.imports?.length) throw new Error(`the early chunk imports ${chunk.imports.join(', ')}: it must run on its own`);
      const src = `./${chunk.fileName}`;
      const tag = `<script type="module" async crossorigin src="${src}"></script>\n    `;
      const withTag = html.slice(0, entry) + tag + html.slice(entry);
      // Its preload link, which Vite adds for the entry's import, is now redundant.
      return withTag
        .split('\n')
        .filter((line) => line.trim() !== `<link rel="modulepreload" crossorigin href="${src}">`)
        .join('\n');
    },
  },
};

const root = fileUrlToPath(new URL('.', import.meta.url));

/** The page's stand-in for the RE2 engine, which loads after the first screen (see the file)... */
const PATTERN_ENGINE = `${root}src/pattern-engine.ts`;
/** ...and the module it loads it through, the one that gets the package itself. */
const PATTERN_ENGINE_LOAD = `${root}src/pattern-engine-load.ts`;

/** Every import of `re2js` (shared/pattern/compile.ts's) gets the stand-in instead. */
const lazyPatternEngine = {
  name: 'tagsmith-lazy-pattern-engine',
  enforce: 'pre',
  resolveId(source: string, importer: string | undefined): string | null {
    if (source !== 're2js' || !importer || importer.replace(/\\/g, '/') === PATTERN_ENGINE_LOAD) return null;
    return PATTERN_ENGINE;
  },
};

// A variable specifier keeps TypeScript from loading the plugin's (Node-referencing) types.
const pluginReact = '@vitejs/plugin-react';

export default async function config(_env: ConfigEnv): Promise<Record<string, unknown>> {
  const { default: react } = (await import(/* @vite-ignore */ pluginReact)) as { default: () => unknown };
  return {
    root,
    // Relative asset URLs work both from the web server's `/` and from Electron's app protocol.
    base: './',
    plugins: [react(), earlyScriptTag, lazyPatternEngine],
    build: {
      outDir: `${root}../dist/renderer`,
      emptyOutDir: true,
      target: 'es2022',
      // No inline scripts: the web server's CSP forbids them.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      sourcemap: true,
      // The start chunk holds all the code a page load runs (React and every pane), over 500 KB.
      chunkSizeWarningLimit: 1024,
      rollupOptions: {
        output: {
          codeSplitting: {
            groups: [
              // zod-config.ts rides in zod's own chunk, so it runs right after zod and before any
              // module that builds a schema: in a shared chunk with such modules it ran after them, and
              // their object schemas had already probed `new Function`, a violation of the page's CSP.
              { name: 'zod', test: ZOD, priority: 3 },
              // The page's first requests (early.ts) in a chunk of their own, evaluated before any other:
              // in a shared chunk they would wait for React and the store to be evaluated first.
              { name: 'early', test: EARLY_ENTRY, priority: 2 },
              // RE2, loaded once the first screen is shown (src/pattern-engine.ts). Its loader module
              // stays a chunk of its own: in this one it would need the bundler's namespace helper, a
              // chunk the start would then share with it and request too.
              { name: 'pattern-engine', test: /[\\/]node_modules[\\/]re2js[\\/]/, priority: 2 },
              // Every other module a page load runs, in the entry's one chunk. Split into the dozen
              // chunks the bundler makes by default, they took most of the six connections a plain-HTTP
              // page has to its server, and the snapshot request queued behind them (~0.1 s of a cold
              // first screen). The dialogs and panels opened later stay chunks of their own.
              { name: 'index', tags: ['$initial'], priority: 1 },
            ],
          },
        },
      },
    },
    server: { strictPort: false },
  };
}
