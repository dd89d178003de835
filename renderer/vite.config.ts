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

const root = fileUrlToPath(new URL('.', import.meta.url));
// A variable specifier keeps TypeScript from loading the plugin's (Node-referencing) types.
const pluginReact = '@vitejs/plugin-react';

export default async function config(_env: ConfigEnv): Promise<Record<string, unknown>> {
  const { default: react } = (await import(/* @vite-ignore */ pluginReact)) as { default: () => unknown };
  return {
    root,
    // Relative asset URLs work both from the web server's `/` and from Electron's app protocol.
    base: './',
    plugins: [react()],
    build: {
      outDir: `${root}../dist/renderer`,
      emptyOutDir: true,
      target: 'es2022',
      // No inline scripts: the web server's CSP forbids them.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      sourcemap: true,
      rollupOptions: {
        output: {
          // zod-config.ts rides in zod's own chunk, so it runs right after zod and before any module
          // that builds a schema: in a shared chunk with such modules it ran after them, and their
          // object schemas had already probed `new Function`, a violation of the page's CSP.
          manualChunks: (id: string) => (/[\\/]node_modules[\\/]zod[\\/]|[\\/]renderer[\\/]src[\\/]zod-config\.ts$/.test(id) ? 'zod' : undefined),
        },
      },
    },
    server: { strictPort: false },
  };
}
