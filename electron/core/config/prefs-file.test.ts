import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultPrefs, UserPrefsSchema } from '../../../shared/prefs/prefs.ts';
import { listAll, removeTree } from '../dataset/test-fixtures.ts';
import { loadPrefs, updatePrefs } from './prefs-file.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeTree));

/** A fresh folder standing in for the user's config home; the config file is not there yet. */
function home(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-config-'));
  dirs.push(dir);
  return { dir, file: path.join(dir, 'tagsmith', 'config.json') };
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const onDisk = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));
const posix = process.platform !== 'win32';

describe('loadPrefs', () => {
  it('gives the defaults for a missing file, and creates nothing', async () => {
    const { dir, file } = home();
    expect(await loadPrefs(file)).toEqual({ prefs: defaultPrefs(), exists: false });
    expect(listAll(dir)).toEqual([]);
  });

  it('reads a valid file, filling in defaults for keys it lacks', async () => {
    const { file } = home();
    write(file, JSON.stringify({ version: 1, editor: { viewMode: 'list' } }));
    const { prefs, problem } = await loadPrefs(file);
    expect(problem).toBeUndefined();
    expect(prefs.editor).toEqual({ ...defaultPrefs().editor, viewMode: 'list' });
  });

  it.each([
    ['not JSON', '{ "editor": '],
    ['a bad value', JSON.stringify({ editor: { thumbSize: 5 } })],
    ['a later version', JSON.stringify({ version: 2 })],
    ['not an object', '[1, 2]'],
  ])('reports %s in one line naming the file, with defaults in use', async (_name, text) => {
    const { file } = home();
    write(file, text);
    const { prefs, problem } = await loadPrefs(file);
    expect(prefs).toEqual(defaultPrefs());
    expect(problem?.kind).toBe('invalid-settings');
    expect(problem?.message).toContain(file);
    expect(problem?.message).not.toContain('\n');
  });

  it('reports a file it cannot read', async () => {
    const { file } = home();
    fs.mkdirSync(file, { recursive: true });
    const { prefs, problem } = await loadPrefs(file);
    expect(prefs).toEqual(defaultPrefs());
    expect(problem?.message).toMatch(/^cannot read .*config\.json: /);
  });
});

describe('updatePrefs', () => {
  it('creates the folder (owner only) and the file, and returns what it saved', async () => {
    const { dir, file } = home();
    const res = await updatePrefs(file, { viewMode: 'list', thumbSize: 200 });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.editor).toMatchObject({ viewMode: 'list', thumbSize: 200, fullCaptions: false });
    expect(UserPrefsSchema.parse(onDisk(file))).toEqual(res.value);
    expect(fs.readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    // The atomic write leaves no temp file behind.
    expect(listAll(dir)).toEqual(['tagsmith/config.json']);
    if (posix) {
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
  });

  it('keeps the folder and file permissions a person chose', async () => {
    if (!posix) return;
    const { file } = home();
    write(file, '{}');
    fs.chmodSync(path.dirname(file), 0o755);
    fs.chmodSync(file, 0o644);
    expect((await updatePrefs(file, { fullCaptions: true })).ok).toBe(true);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o755);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
  });

  it('merges layouts by group key and forgets a layout set to null', async () => {
    const { file } = home();
    await updatePrefs(file, { layouts: { 'grid+detail': { grid: 70, detail: 30 }, 'grid+lint': { grid: 60, lint: 40 } } });
    const res = await updatePrefs(file, { layouts: { 'grid+detail': null, 'grid+lint+detail': { grid: 50, lint: 20, detail: 30 } } });
    expect(res.ok && res.value.editor.layouts).toEqual({
      'grid+lint': { grid: 60, lint: 40 },
      'grid+lint+detail': { grid: 50, lint: 20, detail: 30 },
    });
    expect((onDisk(file) as { editor: { layouts: unknown } }).editor.layouts).toEqual(res.ok && res.value.editor.layouts);
  });

  it('keeps keys a later version wrote, at the top and inside editor', async () => {
    const { file } = home();
    write(file, JSON.stringify({ version: 1, llm: { keys: { 'http://gpu:8080': 'k' } }, editor: { viewMode: 'list', minimap: true } }));
    const res = await updatePrefs(file, { hidePreview: true });
    expect(res.ok).toBe(true);
    expect(onDisk(file)).toMatchObject({
      version: 1,
      llm: { keys: { 'http://gpu:8080': 'k' } },
      editor: { viewMode: 'list', minimap: true, hidePreview: true },
    });
  });

  it('re-reads the file, so what another process saved in between survives', async () => {
    const { file } = home();
    await updatePrefs(file, { viewMode: 'list' });
    // Another Tagsmith (the desktop app, or a `tagsmith serve`) saves its own change.
    const other = onDisk(file) as { editor: Record<string, unknown> };
    write(file, JSON.stringify({ ...other, editor: { ...other.editor, thumbSize: 300 } }));
    await updatePrefs(file, { fullCaptions: true });
    expect((onDisk(file) as { editor: unknown }).editor).toMatchObject({ viewMode: 'list', thumbSize: 300, fullCaptions: true });
  });

  it('serializes concurrent updates: none is lost', async () => {
    const { file } = home();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => updatePrefs(file, { layouts: { [`group${i}`]: { a: i, b: 100 - i } } })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const layouts = (onDisk(file) as { editor: { layouts: Record<string, unknown> } }).editor.layouts;
    expect(Object.keys(layouts)).toHaveLength(25);
    expect(layouts.group7).toEqual({ a: 7, b: 93 });
  });

  it.each([
    ['not JSON', '{ "editor": { "viewMode": "list" '],
    ['a bad value', JSON.stringify({ version: 1, editor: { viewMode: 'mosaic' } }, null, 2)],
    ['a later version', JSON.stringify({ version: 2, editor: {} })],
  ])('refuses to save over a file with %s, and leaves it byte for byte', async (_name, text) => {
    const { dir, file } = home();
    write(file, text);
    const res = await updatePrefs(file, { viewMode: 'grid' });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.kind).toBe('invalid-settings');
    expect(res.error.message).toContain(file);
    expect(res.error.message).not.toContain('\n');
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(listAll(dir)).toEqual(['tagsmith/config.json']);
  });

  it('saves again once the person fixed the file', async () => {
    const { file } = home();
    write(file, '{ oops');
    expect((await updatePrefs(file, { viewMode: 'list' })).ok).toBe(false);
    write(file, '{"editor": {"thumbSize": 240}}');
    const res = await updatePrefs(file, { viewMode: 'list' });
    expect(res.ok && res.value.editor).toMatchObject({ viewMode: 'list', thumbSize: 240 });
  });

  it('writes through a symlinked config file instead of replacing the link', async () => {
    if (!posix) return;
    const { dir, file } = home();
    const real = path.join(dir, 'dotfiles', 'tagsmith.json');
    write(real, '{"editor": {"viewMode": "list"}}');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.symlinkSync(real, file);
    expect((await updatePrefs(file, { thumbSize: 120 })).ok).toBe(true);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect((onDisk(real) as { editor: unknown }).editor).toMatchObject({ viewMode: 'list', thumbSize: 120 });
  });

  it('refuses when a file stands where a folder of the path should be', async () => {
    const { dir } = home();
    fs.writeFileSync(path.join(dir, 'blocker'), 'a file where the folder should be');
    const res = await updatePrefs(path.join(dir, 'blocker', 'tagsmith', 'config.json'), { viewMode: 'list' });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/^cannot read .*config\.json: .*ENOTDIR/);
    expect(fs.readFileSync(path.join(dir, 'blocker'), 'utf8')).toBe('a file where the folder should be');
  });

  // Root ignores permissions, so this runs only for an ordinary user.
  it.skipIf(!posix || process.getuid?.() === 0)('reports a folder it cannot write as an io error', async () => {
    const { file } = home();
    fs.mkdirSync(path.dirname(file));
    fs.chmodSync(path.dirname(file), 0o500);
    try {
      const res = await updatePrefs(file, { viewMode: 'list' });
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.error.kind).toBe('io');
        expect(res.error.message).toMatch(/^cannot save .*config\.json: /);
      }
    } finally {
      fs.chmodSync(path.dirname(file), 0o700);
    }
  });
});
