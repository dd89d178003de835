import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { electronCacheRoot, missingElectronBinary } from './check-dist.mjs';

type Check = (opts: { electronDir: string; env?: Record<string, string | undefined>; platform?: string; arch?: string }) => string | null;
const check = missingElectronBinary as Check;

let dir: string;
let electronDir: string;
let cache: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-dist-'));
  electronDir = path.join(dir, 'electron');
  cache = path.join(dir, 'cache');
  fs.mkdirSync(electronDir);
  fs.writeFileSync(path.join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const env = (): Record<string, string> => ({ ELECTRON_CACHE: cache });

describe('check-dist', () => {
  it('with the binary missing, `node scripts/check-dist.mjs` fails with one line naming what to install', () => {
    const run = spawnSync(process.execPath, ['scripts/check-dist.mjs'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, ELECTRON_CACHE: cache, TAGSMITH_ELECTRON_PACKAGE_DIR: electronDir },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^npm run dist needs the Electron 45\.5\.0 binary for \w+-\w+, which is not installed: run `npx install-electron`/);
  });

  it('passes once `npx install-electron` unpacked the binary at the right version', () => {
    fs.mkdirSync(path.join(electronDir, 'dist'));
    fs.writeFileSync(path.join(electronDir, 'path.txt'), 'electron');
    fs.writeFileSync(path.join(electronDir, 'dist', 'electron'), '');
    fs.writeFileSync(path.join(electronDir, 'dist', 'version'), 'v45.5.0');
    expect(check({ electronDir, env: env() })).toBeNull();
    // An older binary left from another version does not count.
    fs.writeFileSync(path.join(electronDir, 'dist', 'version'), 'v44.0.0');
    expect(check({ electronDir, env: env() })).toMatch(/not installed/);
  });

  it('passes with the release zip in the download cache, for the platform being packaged', () => {
    fs.mkdirSync(path.join(cache, 'abc123'), { recursive: true });
    fs.writeFileSync(path.join(cache, 'abc123', 'electron-v45.5.0-linux-x64.zip'), '');
    expect(check({ electronDir, env: env(), platform: 'linux', arch: 'x64' })).toBeNull();
    expect(check({ electronDir, env: env(), platform: 'win32', arch: 'x64' })).toMatch(/for win32-x64/);
  });

  it('names a missing electron package instead of a binary', () => {
    expect(check({ electronDir: path.join(dir, 'nowhere'), env: env() })).toBe('npm run dist needs the electron package: run `npm ci` first.');
  });

  it('looks in the cache folder @electron/get uses on each platform', () => {
    const root = electronCacheRoot as (env: Record<string, string>, platform: string, home: string) => string;
    expect(root({}, 'linux', '/home/u')).toBe('/home/u/.cache/electron');
    expect(root({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/electron');
    expect(root({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/electron');
    expect(root({ ELECTRON_CACHE: '/c' }, 'linux', '/home/u')).toBe('/c');
  });
});
