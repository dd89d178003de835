import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Every module the editor's page evaluates at start: main.tsx's static imports, transitively. */
async function startModules(): Promise<Set<string>> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: ['renderer/src/main.tsx'],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    splitting: true,
    outdir: 'unused',
    jsx: 'automatic',
    loader: { '.css': 'empty', '.svg': 'empty' },
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const seen = new Set(['renderer/src/main.tsx']);
  const queue = ['renderer/src/main.tsx'];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const imp of inputs[file]?.imports ?? []) {
      if (imp.kind === 'dynamic-import' || seen.has(imp.path)) continue;
      seen.add(imp.path);
      queue.push(imp.path);
    }
  }
  return seen;
}

describe("the editor's start", () => {
  // The start's code is compiled and run before the first screen: a reader of trainer configs has no
  // business there. The contract needs only the names of a reading's findings (reading-kinds.ts).
  it('does not load the YAML library (the trainer config readers come with the export dialog)', async () => {
    const modules = [...(await startModules())];
    expect(modules).toContain('shared/contract/trainer-check.ts');
    expect(modules.filter((m) => /node_modules\/yaml\//.test(m) || m === 'shared/trainers/ai-toolkit.ts')).toEqual([]);
  }, 60_000);
});
