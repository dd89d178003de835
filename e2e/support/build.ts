/** The renderer build the servers under test serve (built or reused by the web layer's own cache). */
export async function importRendererBuild(): Promise<string> {
  const { ensureRendererBuild } = await import('../../electron/web/renderer-build.ts');
  return ensureRendererBuild();
}
