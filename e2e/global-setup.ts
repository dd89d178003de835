import { importRendererBuild } from './support/build.ts';

// Build the renderer once, before the workers start, so parallel servers never race to build it.
export default async function globalSetup(): Promise<void> {
  process.env.TAGSMITH_RENDERER_DIR = await importRendererBuild();
}
