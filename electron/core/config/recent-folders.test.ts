import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_LIMIT, clearRecentFolders, loadRecentFolders, rememberRecentFolder, withRecent } from './recent-folders.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-recent-')));
  file = path.join(dir, 'config', 'config.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const folder = (name: string): string => {
  const p = path.join(dir, name);
  fs.mkdirSync(p, { recursive: true });
  return p;
};

describe('withRecent', () => {
  it('puts the folder first, once, and caps the list', () => {
    expect(withRecent(['/a', '/b', '/c'], '/b')).toEqual(['/b', '/a', '/c']);
    expect(withRecent(['/a/', '/a'], '/x/../a')).toEqual(['/a']);
    const many = Array.from({ length: 30 }, (_, i) => `/d${i}`);
    expect(withRecent(many, '/new')).toHaveLength(RECENT_LIMIT);
    expect(withRecent(many, '/new')[0]).toBe('/new');
  });

  it('drops relative paths a hand edit put in', () => {
    expect(withRecent(['relative/x', '/ok'], '/new')).toEqual(['/new', '/ok']);
  });
});

describe('the recent section of the config file', () => {
  it('keeps the most recent first across loads, and leaves the rest of the file alone', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ version: 1, editor: { viewMode: 'list' }, llm: { baseUrl: 'http://x' } }));
    const a = folder('a');
    const b = folder('b');
    expect((await rememberRecentFolder(file, a)).ok).toBe(true);
    expect((await rememberRecentFolder(file, b)).ok).toBe(true);
    expect((await rememberRecentFolder(file, a)).ok).toBe(true);
    expect(await loadRecentFolders(file)).toEqual([
      { path: a, missing: false },
      { path: b, missing: false },
    ]);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ editor: { viewMode: 'list' }, llm: { baseUrl: 'http://x' }, recent: { folders: [a, b] } });
  });

  it('marks a folder that is gone instead of forgetting it', async () => {
    const a = folder('a');
    await rememberRecentFolder(file, a);
    fs.rmSync(a, { recursive: true });
    expect(await loadRecentFolders(file)).toEqual([{ path: a, missing: true }]);
  });

  it('clears the list, and reads a missing or broken file as empty', async () => {
    expect(await loadRecentFolders(file)).toEqual([]);
    await rememberRecentFolder(file, folder('a'));
    await clearRecentFolders(file);
    expect(await loadRecentFolders(file)).toEqual([]);
    fs.writeFileSync(file, '{ not json');
    expect(await loadRecentFolders(file)).toEqual([]);
  });
});
