import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listAll, PNG, writeTree } from '../dataset/test-fixtures.ts';
import { openTestSession, tempDir } from './test-session.ts';

/*
 * Issue 13 item 3: `export.run` under the options the web server passes (an export root) refuses
 * destinations a token holder could use against the machine's user, and in every mode an image
 * that is a symlink out of the dataset is not copied. Symlinks and POSIX modes: not on Windows.
 */

const FILES = {
  'a.png': PNG,
  'a.txt': 'ohwx, 1girl',
};

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A fresh export root (realpath'd, so expected messages match on systems where /tmp is a link). */
const exportRoot = () => fs.realpathSync(tempDir());

const refusal = async (t: Awaited<ReturnType<typeof openTestSession>>, to: string) => {
  const error = await t.failure('export.run', { to, format: 'onetrainer' });
  expect(error.kind).toBe('invalid-destination');
  return error.message;
};

describe.skipIf(process.platform === 'win32')('export.run in web mode (an export root)', () => {
  it('accepts a new folder under the root and a new folder several levels down', async () => {
    const root = exportRoot();
    const t = await openTestSession(FILES, { exportRoot: root });
    const r = await t.value('export.run', { to: path.join(root, 'out'), format: 'onetrainer' });
    expect(r.images).toBe(1);
    expect(listAll(path.join(root, 'out'))).toEqual(['concept.json', 'images/a.png', 'images/a.txt']);
    expect((await t.value('export.run', { to: path.join(root, 'runs', 'lora v2', 'out'), format: 'kohya' })).images).toBe(1);
  });

  it('refuses a folder outside the root, and writes nothing there', async () => {
    const root = exportRoot();
    const elsewhere = exportRoot();
    const t = await openTestSession(FILES, { exportRoot: root });
    const to = path.join(elsewhere, 'out');
    expect(await refusal(t, to)).toBe(`${to} leads outside the export folder ${root}; web mode exports only under it (tagsmith serve --export-root DIR changes it)`);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    expect(await refusal(t, path.join(root, '..', path.basename(elsewhere), 'out'))).toMatch(/leads outside the export folder/);
  });

  it('refuses a hidden folder on the way (the ~/.bashrc.d/dataset.toml of the issue), existing or not', async () => {
    const root = exportRoot();
    fs.mkdirSync(path.join(root, '.config'));
    const t = await openTestSession(FILES, { exportRoot: root });
    expect(await refusal(t, path.join(root, '.bashrc.d'))).toBe(`${path.join(root, '.bashrc.d')} goes through the hidden folder .bashrc.d; web mode does not export into hidden folders`);
    expect(await refusal(t, path.join(root, '.config', 'autostart'))).toMatch(/hidden folder \.config;/);
    expect(await refusal(t, path.join(root, 'ok', '.git', 'hooks'))).toMatch(/hidden folder \.git;/);
    expect(listAll(root)).toEqual([]);
    expect(fs.readdirSync(root)).toEqual(['.config']);
  });

  it('refuses the root itself when it is the home folder (it is accepted when it is not)', async () => {
    const home = exportRoot();
    vi.stubEnv('HOME', home);
    const t = await openTestSession(FILES, { exportRoot: home });
    // Empty, so only the home rule stands in the way.
    expect(await refusal(t, home)).toBe(`${home} is the home folder; export into a new folder inside it`);
    expect(fs.readdirSync(home)).toEqual([]);
    expect((await t.value('export.run', { to: path.join(home, 'lora'), format: 'onetrainer' })).images).toBe(1);

    const plainRoot = exportRoot();
    const other = await openTestSession(FILES, { exportRoot: plainRoot });
    expect((await other.value('export.run', { to: plainRoot, format: 'onetrainer' })).images).toBe(1);
  });

  it('refuses a symlink in the destination path that leads out of the root, or into a hidden folder', async () => {
    const root = exportRoot();
    const outside = exportRoot();
    fs.symlinkSync(outside, path.join(root, 'shortcut'));
    fs.mkdirSync(path.join(root, '.local'));
    fs.symlinkSync(path.join(root, '.local'), path.join(root, 'visible'));
    const t = await openTestSession(FILES, { exportRoot: root });
    const to = path.join(root, 'shortcut', 'out');
    expect(await refusal(t, to)).toBe(`${to} leads outside the export folder ${root} through a symbolic link; web mode exports only under it (tagsmith serve --export-root DIR changes it)`);
    expect(await refusal(t, path.join(root, 'visible', 'out'))).toMatch(/hidden folder \.local;/);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.readdirSync(path.join(root, '.local'))).toEqual([]);
  });

  it('decides on the real root: an export root given through a symlink still works', async () => {
    const real = exportRoot();
    const link = path.join(exportRoot(), 'link');
    fs.symlinkSync(real, link);
    const t = await openTestSession(FILES, { exportRoot: link });
    expect((await t.value('export.run', { to: path.join(link, 'out'), format: 'onetrainer' })).images).toBe(1);
    expect(fs.existsSync(path.join(real, 'out', 'concept.json'))).toBe(true);
  });

  it('refuses everything when the export root is gone', async () => {
    const root = path.join(exportRoot(), 'removed');
    const t = await openTestSession(FILES, { exportRoot: root });
    expect(await refusal(t, path.join(root, 'out'))).toMatch(/^the export folder .*removed cannot be used \(ENOENT/);
  });
});

describe.skipIf(process.platform === 'win32')('export.run folder permissions (every mode)', () => {
  it('creates new folders with the mode the umask gives', async () => {
    const root = exportRoot();
    const t = await openTestSession(FILES, { exportRoot: root });
    const old = process.umask(0o027);
    try {
      await t.value('export.run', { to: path.join(root, 'new', 'out'), format: 'onetrainer' });
    } finally {
      process.umask(old);
    }
    const mode = (...p: string[]) => fs.statSync(path.join(root, ...p)).mode & 0o777;
    expect([mode('new'), mode('new', 'out'), mode('new', 'out', 'images')]).toEqual([0o750, 0o750, 0o750]);
    expect(mode('new', 'out', 'concept.json')).toBe(0o640);
  });

  it.each([
    ['desktop', undefined],
    ['web', 'root'],
  ])('%s: an existing empty 0700 folder stays 0700', async (_mode, confined) => {
    const root = exportRoot();
    const to = path.join(root, 'private');
    fs.mkdirSync(to, { mode: 0o700 });
    fs.chmodSync(to, 0o700);
    const t = await openTestSession(FILES, { exportRoot: confined ? root : undefined });
    expect((await t.value('export.run', { to, format: 'onetrainer' })).images).toBe(1);
    expect(fs.statSync(to).mode & 0o777).toBe(0o700);
    expect(listAll(to)).toEqual(['concept.json', 'images/a.png', 'images/a.txt']);
  });
});

describe.skipIf(process.platform === 'win32')('export.run and image symlinks (every mode)', () => {
  it.each([
    ['desktop', false],
    ['web', true],
  ])('%s: an image that links out of the dataset is skipped with the reason; one that links inside is copied', async (_mode, confined) => {
    const secret = path.join(tempDir(), 'secret.png');
    const secretBytes = Buffer.concat([PNG, Buffer.from('outside the dataset')]);
    fs.writeFileSync(secret, secretBytes);
    const dataset = tempDir();
    writeTree(dataset, { ...FILES, 'out.txt': 'ohwx, linked', 'sub/in.txt': 'ohwx, inside' });
    fs.symlinkSync(secret, path.join(dataset, 'out.png'));
    fs.symlinkSync(path.join('..', 'a.png'), path.join(dataset, 'sub', 'in.png'));
    const root = exportRoot();
    const t = await openTestSession({}, { root: dataset, exportRoot: confined ? root : undefined });

    const to = path.join(root, 'export');
    const r = await t.value('export.run', { to, format: 'onetrainer' });
    expect(r.skipped).toEqual([{ id: 'out.png', reason: 'a symbolic link to a file outside the dataset; not exported' }]);
    expect(r.images).toBe(2);
    expect(listAll(to)).toEqual(['concept.json', 'images/a.png', 'images/a.txt', 'images/sub/in.png', 'images/sub/in.txt']);
    expect(fs.lstatSync(path.join(to, 'images', 'sub', 'in.png')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(to, 'images', 'sub', 'in.png')).equals(PNG)).toBe(true);
  });

  it('an image reached through a symlinked dataset root is inside it', async () => {
    const dataset = tempDir();
    writeTree(dataset, FILES);
    const link = path.join(tempDir(), 'dataset-link');
    fs.symlinkSync(dataset, link);
    const out = exportRoot();
    const linked = await openTestSession({}, { root: link });
    const r = await linked.value('export.run', { to: path.join(out, 'x'), format: 'onetrainer' });
    expect(r).toMatchObject({ images: 1, skipped: [] });
  });
});
