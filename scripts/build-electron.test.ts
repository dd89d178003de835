import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThumbnailService } from '../electron/core/thumbnails/service.ts';
// @ts-expect-error plain .mjs build script without type declarations
import { EXTERNAL, buildElectron } from './build-electron.mjs';

// Inside the repository so the bundles resolve their external packages from its node_modules, as
// they do from out/electron/ in development and from the asar's node_modules when packaged.
const outDir = path.resolve('node_modules/.cache/tagsmith', `electron-build-test-${process.pid}`);
let files: string[] = [];
const read = (name: string): string => fs.readFileSync(path.join(outDir, name), 'utf8');

beforeAll(async () => {
  files = (await buildElectron({ outDir })) as string[];
});
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

const staticImports = (code: string): string[] => [...code.matchAll(/^\s*import\s[^'"]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)].map((m) => (m[1] ?? m[2])!);

describe('build-electron', () => {
  it('writes main, preload and the thumbnail worker with its bootstrap', () => {
    expect(files).toEqual(expect.arrayContaining(['main.js', 'preload.cjs', 'thumbnail-worker.mjs', 'tagger-decode-worker.mjs', 'tagger-inference-worker.mjs', 'plan-worker.mjs', 'write-worker.mjs', 'bootstrap.mjs']));
    for (const f of files) expect(fs.existsSync(path.join(outDir, f))).toBe(true);
  });

  it('leaves only Node built-ins and the declared externals for run time', () => {
    const allowed = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...(EXTERNAL as string[])]);
    for (const f of files.filter((f) => f !== 'preload.cjs' && /\.m?js$/.test(f))) {
      const specifiers = staticImports(read(f));
      expect(specifiers.length).toBeGreaterThan(0);
      const strays = specifiers.filter((s) => !allowed.has(s) && !allowed.has(s.split('/')[0]!));
      expect(strays, f).toEqual([]);
    }
  });

  it('points every new URL(..., import.meta.url) at a file beside the bundle, never at a .ts source', () => {
    for (const f of files.filter((name) => /\.(m?js|cjs)$/.test(name))) {
      const code = read(f);
      for (const m of code.matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)) {
        expect(m[1], f).toMatch(/^\.\/[^/]+\.(mjs|txt\.gz)$/);
        expect(fs.existsSync(path.join(outDir, m[1]!)), `${f} -> ${m[1]}`).toBe(true);
      }
      expect(code).not.toMatch(/file:\/\/\/[^"']*\.ts["']/);
    }
  });

  it("copies the shipped CLIP vocabulary beside main.js, byte for byte, and points the tokenizer at it", () => {
    const name = 'bpe_simple_vocab_16e6.txt.gz';
    expect(files).toContain(name);
    expect(fs.readFileSync(path.join(outDir, name)).equals(fs.readFileSync(path.resolve('models/clip', name)))).toBe(true);
    expect(read('main.js')).toContain(`new URL("./${name}", import.meta.url)`);
  });

  it('makes the preload one CommonJS file that requires nothing but electron', () => {
    const code = read('preload.cjs');
    expect(staticImports(code)).toEqual([]);
    expect([...new Set([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]))]).toEqual(['electron']);
    expect(code).toContain('tagsmith:invoke');
  });

  it('loads sharp and onnxruntime-node in the workers with require(), which starts a worker ~40 ms sooner than import', () => {
    for (const [worker, pkg] of [['thumbnail-worker.mjs', 'sharp'], ['tagger-decode-worker.mjs', 'sharp'], ['tagger-inference-worker.mjs', 'onnxruntime-node']] as const) {
      const code = read(worker);
      expect(staticImports(code), worker).not.toContain(pkg);
      expect(code, worker).toContain(`__require("${pkg}")`);
    }
  });

  it('runs the bundled thumbnail worker', async () => {
    const cacheDir = fs.mkdtempSync(path.join(outDir, 'thumbs-'));
    const service = new ThumbnailService({ cacheDir, concurrency: 1, workerEntry: pathToFileURL(path.join(outDir, 'thumbnail-worker.mjs')) });
    try {
      const result = await service.get(path.resolve('sample/red_circle.png'), 128);
      expect(result.ok ? { type: result.value.contentType, fits: Math.max(result.value.width, result.value.height) <= 128 } : result.error).toEqual({ type: 'image/webp', fits: true });
    } finally {
      await service.close();
    }
  });
});
