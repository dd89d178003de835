// `npm run build:renderer`: the editor UI's production build into out/renderer/, where a packaged app
// loads it from (web mode and `npm start` use the on-demand cache of electron/web/renderer-build.ts).
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importTs } from '../bin/load-ts.cjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Repository-relative; electron/main/layout.ts names the same folder (build/electron-builder.test.ts checks). */
export const RENDERER_OUT_DIR = 'out/renderer';

export async function buildRenderer() {
  // A package must carry a build of these sources, never whatever folder the variable points at.
  delete process.env.TAGSMITH_RENDERER_DIR;
  const { ensureRendererBuild } = await importTs('electron/web/renderer-build.ts');
  return ensureRendererBuild({ outDir: join(repoRoot, RENDERER_OUT_DIR), log: (line) => console.log(line) });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`built ${await buildRenderer()}`);
}
