import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// `npm start` here, where the Electron binary is not installed (and, with an empty override folder,
// not found even on a machine that has one): it must say so in one line and serve the dataset.
const FALLBACK = 'Tagsmith: the Electron binary is not installed; starting in web mode instead.';
const SERVING = /^Tagsmith: serving (.+) at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/;

let child: ChildProcess | null = null;
const temps: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    // npm, its shell, start.mjs and `tagsmith serve` share the group started below.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  child = null;
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Resolves with npm's stdout lines up to and including the serving line. */
function untilServing(proc: ChildProcess): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no serving line in time.\nstdout: ${out}\nstderr: ${err}`)), 50_000);
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const lines = out.split('\n');
      if (lines.some((l) => SERVING.test(l))) {
        clearTimeout(timer);
        resolve(lines);
      }
    });
    proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}.\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

describe('npm start without the Electron binary', () => {
  it('falls back to web mode, prints the serving line and serves the dataset with its token', async () => {
    const dataset = tempDir('tagsmith-start-data-');
    fs.copyFileSync('sample/red_circle.png', path.join(dataset, 'red_circle.png'));
    fs.writeFileSync(path.join(dataset, 'red_circle.txt'), 'ohwx, red circle\n');
    const renderer = tempDir('tagsmith-start-ui-');
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>start-test-marker</title>\n');

    // Any free port: serve's default one is another test's (serve.test.ts).
    child = spawn('npm', ['start', '--', dataset, '--port', '0'], {
      cwd: process.cwd(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TAGSMITH_RENDERER_DIR: renderer, ELECTRON_OVERRIDE_DIST_PATH: tempDir('tagsmith-no-electron-'), CI: '1' },
    });
    // npm's own banner ("> tagsmith@0.1.0 start") aside, start prints exactly these two lines.
    const lines = (await untilServing(child)).filter((l) => l.trim() !== '' && !l.startsWith('> '));
    expect(lines[0]).toBe(FALLBACK);
    const serving = SERVING.exec(lines[1] ?? '');
    expect(serving?.[1]).toBe(dataset);
    expect(lines).toHaveLength(2);

    const url = serving![2]!;
    const login = await fetch(url, { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toBeTruthy();
    const page = await fetch(new URL('/', url), { headers: { cookie: cookie! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('start-test-marker');
    const image = await fetch(new URL('/media/red_circle.png', url), { headers: { cookie: cookie! } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
  });
});
