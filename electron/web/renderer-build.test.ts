import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuild, listInputs } from './renderer-build.ts';

// A miniature checkout (renderer/ + shared/) built by the real vite, so staleness is tested end to end.
let repo: string;
let outDir: string;
let logged: string[];

const opts = () => ({ repoRoot: repo, outDir, log: (line: string) => logged.push(line) });
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
  fs.writeFileSync(path.join(repo, rel), text);
};
const touchLater = (rel: string, seconds: number) => {
  const t = new Date(Date.now() + seconds * 1000);
  fs.utimesSync(path.join(repo, rel), t, t);
};
const builtJs = () => {
  const assets = path.join(outDir, 'assets');
  return fs.readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(assets, f), 'utf8')).join('\n');
};

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-rbuild-'));
  outDir = path.join(repo, 'node_modules', '.cache', 'tagsmith', 'renderer');
  // No root in the config: the build must still find index.html next to it, whatever the cwd.
  write('renderer/vite.config.ts', 'export default { build: { minify: false } };\n');
  write('renderer/index.html', '<!doctype html><title>mini</title><script type="module" src="./main.ts"></script>\n');
  write('renderer/main.ts', "import { greeting } from '../shared/greeting.ts';\ndocument.title = greeting;\n");
  write('shared/greeting.ts', "export const greeting = 'first-build';\n");
  write('package-lock.json', '{}');
  write('package.json', '{"type":"module"}');
});

afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
});

describe('ensureRendererBuild', () => {
  it('builds when missing, announcing it on stderr only', () => {
    // A real process: stdout carries the one `serve` line scripts parse, and vite reports with console.log.
    const script = `import { ensureRendererBuild } from ${JSON.stringify(new URL('./renderer-build.ts', import.meta.url).href)};
      process.stderr.write('dir=' + await ensureRendererBuild({ repoRoot: process.argv[1], outDir: process.argv[2] }) + '\\n');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, repo, outDir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`tagsmith: building the editor UI...\ndir=${outDir}\n`);
    expect(fs.readFileSync(path.join(outDir, 'index.html'), 'utf8')).toContain('<title>mini</title>');
    expect(builtJs()).toContain('first-build');
    expect(fs.readdirSync(path.dirname(outDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reuses a fresh build', async () => {
    logged = [];
    await ensureRendererBuild(opts());
    expect(logged).toEqual([]);
  });

  it('ignores test files', async () => {
    logged = [];
    write('shared/greeting.test.ts', 'export {};\n');
    await ensureRendererBuild(opts());
    expect(logged).toEqual([]);
  });

  it('rebuilds when a shared/ input is newer', async () => {
    write('shared/greeting.ts', "export const greeting = 'second-build';\n");
    touchLater('shared/greeting.ts', 5);
    logged = [];
    await ensureRendererBuild(opts());
    expect(logged).toHaveLength(1);
    expect(builtJs()).toContain('second-build');
    expect(builtJs()).not.toContain('first-build');
  });

  it('rebuilds when an input is added or removed', async () => {
    write('renderer/extra.css', 'body { color: red }\n');
    logged = [];
    await ensureRendererBuild(opts());
    expect(logged).toHaveLength(1);
    fs.rmSync(path.join(repo, 'renderer', 'extra.css'));
    logged = [];
    await ensureRendererBuild(opts());
    expect(logged).toHaveLength(1);
  });

  it('rebuilds when the build output was deleted', async () => {
    fs.rmSync(outDir, { recursive: true });
    logged = [];
    await ensureRendererBuild(opts());
    expect(logged).toHaveLength(1);
    expect(fs.existsSync(path.join(outDir, 'index.html'))).toBe(true);
  });

  it('lists renderer/, shared/ and the lockfile, without tests or hidden files', () => {
    write('renderer/.swp', 'x');
    expect(listInputs(repo).map(([f]) => f)).toEqual([
      'package-lock.json',
      'renderer/index.html',
      'renderer/main.ts',
      'renderer/vite.config.ts',
      'shared/greeting.ts',
    ]);
  });

  it('fails in one line when the UI does not compile, leaving no temp folder', async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-rbuild-broken-'));
    try {
      fs.mkdirSync(path.join(broken, 'renderer'));
      fs.writeFileSync(path.join(broken, 'package.json'), '{"type":"module"}');
      fs.writeFileSync(path.join(broken, 'renderer', 'vite.config.ts'), 'export default {};\n');
      fs.writeFileSync(path.join(broken, 'renderer', 'index.html'), '<script type="module" src="./missing.ts"></script>\n');
      const out = path.join(broken, 'out');
      await expect(ensureRendererBuild({ repoRoot: broken, outDir: out, log: () => {} })).rejects.toThrow(/^cannot build the editor UI: /);
      expect(fs.readdirSync(broken).sort()).toEqual(['package.json', 'renderer']);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('says which file is missing when there is no vite config', async () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-rbuild-bare-'));
    try {
      fs.mkdirSync(path.join(bare, 'renderer'));
      fs.writeFileSync(path.join(bare, 'renderer', 'index.html'), '');
      await expect(ensureRendererBuild({ repoRoot: bare, log: () => {} })).rejects.toThrow('renderer/vite.config.ts is missing');
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it('TAGSMITH_RENDERER_DIR overrides everything', async () => {
    const before = process.env.TAGSMITH_RENDERER_DIR;
    process.env.TAGSMITH_RENDERER_DIR = 'some/dir';
    try {
      logged = [];
      expect(await ensureRendererBuild({ repoRoot: '/nonexistent', log: (l) => logged.push(l) })).toBe(path.resolve('some/dir'));
      expect(logged).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TAGSMITH_RENDERER_DIR;
      else process.env.TAGSMITH_RENDERER_DIR = before;
    }
  });
});
