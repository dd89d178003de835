import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { COMMANDS, requestedCommand } from '../electron/cli/program.ts';
import { TAGSMITH } from './helpers/cli.ts';
import { makeCaptionDataset } from './helpers/dataset-fixture.ts';

// Start-up cost is what a command loads: `--help` and the everyday commands must not pull in the
// tagger, image or LLM packages (issue 14). Timing is measured by scripts/bench-cli-start.ts, not here.
const tracer = fileURLToPath(new URL('./helpers/trace-modules.mjs', import.meta.url));
const builtinTracer = fileURLToPath(new URL('./helpers/trace-builtins.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tagsmith-start-'));
const cacheDir = fileURLToPath(new URL('../node_modules/.cache/tagsmith/', import.meta.url));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// What a start loads is measured on a built script: a (re)build loads esbuild, and the build itself
// reads the export names of the modules the script loads lazily (load-ts.cjs).
beforeAll(() => {
  expect(spawnSync(TAGSMITH, ['--help'], { stdio: 'ignore' }).status).toBe(0);
}, 60_000);

function traced(args: string[], using = tracer): string[] {
  const trace = join(work, `trace-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, ['--import', using, TAGSMITH, ...args], { env: { ...process.env, TAGSMITH_TRACE_FILE: trace }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
}

function loadedPackages(args: string[]): string[] {
  const urls = traced(args);
  const packages = urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/.][^/]*)\//.exec(u)?.[1]).filter((p): p is string => p !== undefined);
  return [...new Set(packages)].sort();
}

const HEAVY = ['sharp', 'onnxruntime-node', 'openai', 'ollama', '@huggingface/hub', 'ws', 'yaml', 'smol-toml'];

describe('CLI start-up', () => {
  it('--help loads nothing from node_modules: commander is in the script', { timeout: 60_000 }, () => {
    expect(loadedPackages(['--help'])).toEqual([]);
  });

  it('stats and edit on a small dataset load none of the tagger, image, LLM or server packages', { timeout: 60_000 }, async () => {
    const dir = join(work, 'ten');
    await makeCaptionDataset(dir, { count: 10, images: true });
    for (const args of [['stats', dir], ['edit', dir, '--dry-run', '--add', 'x']]) {
      expect(loadedPackages(args).filter((p) => HEAVY.includes(p))).toEqual([]);
    }
  });

  it('stats on a small dataset loads no crypto, worker threads, perf_hooks or child_process: built-ins it does not need cost ~12 ms', { timeout: 60_000 }, async () => {
    const dir = join(work, 'ten-builtins');
    await makeCaptionDataset(dir, { count: 10, images: true });
    const builtins = traced(['stats', dir], builtinTracer);
    expect(builtins).toContain('fs/promises');
    expect(builtins.filter((b) => /^(crypto|worker_threads|perf_hooks|child_process)$/.test(b))).toEqual([]);
    // commander requires child_process at its top for external subcommands, which Tagsmith has none
    // of: the script gets it on first use (load-ts.cjs), not at every start (~6 ms).
    expect(traced(['--help'], builtinTracer)).not.toContain('child_process');
  });

  it('keeps V8 code for the script and starts from it; a stale or corrupt cache is replaced', { timeout: 60_000 }, () => {
    const cacheFile = join(cacheDir, 'electron_cli_main_ts.v8');
    const help = () => {
      const r = spawnSync(TAGSMITH, ['help', 'stats'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('Usage: tagsmith stats');
    };
    const body = () => readFileSync(cacheFile).subarray(readFileSync(cacheFile).indexOf(10) + 1);
    const header = () => JSON.parse(readFileSync(cacheFile).subarray(0, readFileSync(cacheFile).indexOf(10)).toString()) as { id: string };
    const scriptId = () => (JSON.parse(readFileSync(join(cacheDir, 'electron_cli_main_ts.meta.json'), 'utf8')) as { id: string }).id;
    help();
    expect(header().id).toBe(scriptId());
    const kept = statSync(cacheFile).ino;
    help();
    expect(statSync(cacheFile).ino, 'a usable cache is used, not written again').toBe(kept);
    // Another script's cache (V8 would take it: it checks a script only by its length) is replaced.
    const data = body();
    writeFileSync(cacheFile, Buffer.concat([Buffer.from('{"id":"another-build"}\n'), data]));
    help();
    expect(header().id).toBe(scriptId());
    // Data V8 refuses: the command still works, and the cache is made again. (Other tests running now
    // may remake it first; the check holds either way.)
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${JSON.stringify({ id: scriptId() })}\n`), Buffer.alloc(data.length, 7)]));
    help();
    expect(body().equals(Buffer.alloc(data.length, 7))).toBe(false);
  });

  it('rebuilds a script when one of its sources changes, and only then', { timeout: 60_000 }, () => {
    // A throwaway entry inside the repository (importTs takes entries relative to it), removed afterwards.
    const name = `.load-ts-fixture-${process.pid}`;
    const dir = fileURLToPath(new URL(`./${name}/`, import.meta.url));
    const bundle = join(cacheDir, `test/${name}/entry.ts`.replace(/[^a-z0-9]+/gi, '_'));
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, 'entry.ts'), "export { word } from './dep.ts';\n");
      writeFileSync(join(dir, 'dep.ts'), "export const word: string = 'one';\n");
      const run = () => {
        const loader = fileURLToPath(new URL('../bin/load-ts.cjs', import.meta.url));
        const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(loader)}).importTs('test/${name}/entry.ts').then((m) => console.log(m.word))`], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        return r.stdout.trim();
      };
      expect(run()).toBe('one');
      const built = statSync(`${bundle}.meta.json`).mtimeMs;
      expect(run()).toBe('one');
      expect(statSync(`${bundle}.meta.json`).mtimeMs, 'unchanged sources: the bundle is reused').toBe(built);
      writeFileSync(join(dir, 'dep.ts'), "export const word: string = 'two';\n");
      // A different mtime even on a file system with coarse timestamps.
      utimesSync(join(dir, 'dep.ts'), new Date(Date.now() + 5000), new Date(Date.now() + 5000));
      expect(run(), 'a changed import is rebuilt').toBe('two');
      rmSync(join(dir, 'dep.ts'));
      writeFileSync(join(dir, 'entry.ts'), "export const word = 'three';\n");
      utimesSync(join(dir, 'entry.ts'), new Date(Date.now() + 10_000), new Date(Date.now() + 10_000));
      expect(run(), 'a removed input is noticed too').toBe('three');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      for (const ext of ['.cjs', '.cjs.map', '.debug.cjs', '.meta.json', '.v8']) rmSync(`${bundle}${ext}`, { force: true });
    }
  });

  it("its workers load their CommonJS packages with require(): a worker starts ~40 ms sooner than with Node's ES import", { timeout: 60_000 }, () => {
    expect(spawnSync(TAGSMITH, ['--help'], { encoding: 'utf8' }).status).toBe(0);
    for (const [worker, pkg] of [['thumbnails/thumbnail-worker', 'sharp'], ['tagger/tagger-decode-worker', 'sharp'], ['tagger/tagger-inference-worker', 'onnxruntime-node']] as const) {
      const code = readFileSync(join(cacheDir, `electron/core/${worker}.ts`.replace(/[^a-z0-9]+/gi, '_') + '.mjs'), 'utf8');
      expect(code, worker).toContain(`__require("${pkg}")`);
      expect(code, worker).not.toMatch(new RegExp(`from\\s*"${pkg}"`));
    }
  });

  it('runs its script as ASCII (a one-byte string for V8) with no import()', { timeout: 60_000 }, () => {
    const r = spawnSync(TAGSMITH, ['--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const script = readFileSync(join(cacheDir, 'electron_cli_main_ts.cjs'), 'latin1');
    expect(/[^\0-\x7f]/.test(script)).toBe(false);
    // In a vm.Script, import() runs only through Node's experimental loader, which warns on the
    // terminal each time (cli-progress, vite): packages are required instead.
    expect(script).not.toMatch(/\bimport\(/);
    expect(script).toContain('require("cli-progress")');
  });

  it('reaches re2js and child_process through stand-ins that load them at first use; regexes still work', { timeout: 60_000 }, async () => {
    const dir = join(work, 'ten-regex');
    await makeCaptionDataset(dir, { count: 10, images: true });
    const script = readFileSync(join(cacheDir, 'electron_cli_main_ts.cjs'), 'latin1');
    // Getters by export name (load-ts.cjs, LAZY_MODULES): nothing runs the module until one is read.
    expect(script).toMatch(/get RE2JS\(\)\{return \w+\(\)\.RE2JS\}/);
    expect(script).toMatch(/get spawn\(\)\{return \w+\(\)\.spawn\}/);
    const regex = spawnSync(TAGSMITH, ['edit', dir, '--dry-run', '--json', '--regex', '--replace-text', 'r(e)d=$1x', '--filter', 'tag:/dress$/'], { encoding: 'utf8' });
    expect(regex.status, regex.stderr).toBe(0);
    expect(JSON.parse(regex.stdout).changes.some((c: { after: string }) => c.after.includes('ex ribbon'))).toBe(true);
    const bad = spawnSync(TAGSMITH, ['edit', dir, '--dry-run', '--regex', '--replace-text', '(a=b'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unclosed '('");
  });

  it('--debug prints the stack at source positions (Node maps the frames of the script it requires)', { timeout: 60_000 }, () => {
    const r = spawnSync(TAGSMITH, ['stats', join(work, 'no-such-folder'), '--debug'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^tagsmith: no such folder: /);
    expect(r.stderr).toMatch(/\(.*electron\/cli\/open\.ts:\d+:\d+\)/);
  });

  it('lists every command with the usage and summary its module defines', async () => {
    for (const entry of COMMANDS) {
      const program = new Command('tagsmith');
      (await entry.load())(program);
      const command = program.commands.find((c) => c.name() === entry.name);
      expect(command, entry.name).toBeDefined();
      expect(command!.description()).toBe(entry.summary);
      expect(program.createHelp().subcommandTerm(command!)).toBe(entry.term);
    }
  });

  it('picks the command to load from the arguments', () => {
    expect(requestedCommand(['--help'])).toBeUndefined();
    expect(requestedCommand([])).toBeUndefined();
    expect(requestedCommand(['--debug', 'stats', 'dir'])?.name).toBe('stats');
    expect(requestedCommand(['help', 'edit'])?.name).toBe('edit');
    expect(requestedCommand(['statz', 'dir'])).toBeUndefined();
  });
});
