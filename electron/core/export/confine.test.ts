import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTree } from '../dataset/test-fixtures.ts';
import { confinementRefusal, realDestination, type PathPair } from './confine.ts';

const abs = (...parts: string[]) => path.resolve('/', ...parts);
/** A path with no symlink on it: written and real are the same. */
const plain = (...parts: string[]): PathPair => ({ lexical: abs(...parts), real: abs(...parts) });

const ROOT = plain('home', 'ann');
const HOME = plain('home', 'ann');

describe('confinementRefusal (web mode export destinations)', () => {
  it.each([
    ['a new folder under the root', plain('home', 'ann', 'exports', 'run1'), null],
    ['a folder right below the root', plain('home', 'ann', 'out'), null],
    ['names with dots inside them', plain('home', 'ann', 'lora.v2', 'out..x'), null],
    ['the root itself when it is the home folder', plain('home', 'ann'), /is the home folder/],
    ['outside the root', plain('home', 'bob', 'out'), /leads outside the export folder/],
    ['the root\'s parent', plain('home'), /leads outside the export folder/],
    ['a sibling whose name starts like the root', plain('home', 'anna', 'out'), /leads outside the export folder/],
    ['the filesystem root', plain(), /leads outside the export folder/],
    ['a hidden folder below the root', plain('home', 'ann', '.bashrc.d'), /hidden folder \.bashrc\.d/],
    ['a folder inside a hidden one', plain('home', 'ann', '.config', 'autostart', 'x'), /hidden folder \.config/],
    ['a hidden folder deeper down', plain('home', 'ann', 'exports', '.git', 'hooks'), /hidden folder \.git/],
    ['a symlink out of the root', { lexical: abs('home', 'ann', 'link', 'out'), real: abs('etc', 'out') }, /leads outside the export folder .* through a symbolic link/],
    ['a visible symlink to a hidden folder', { lexical: abs('home', 'ann', 'shell', 'x'), real: abs('home', 'ann', '.bashrc.d', 'x') }, /hidden folder \.bashrc\.d/],
    ['a hidden symlink to a visible folder', { lexical: abs('home', 'ann', '.evil', 'x'), real: abs('home', 'ann', 'exports', 'x') }, /hidden folder \.evil/],
    ['a symlink to the home folder', { lexical: abs('home', 'ann', 'me'), real: abs('home', 'ann') }, /is the home folder/],
  ])('%s', (_what, to, expected) => {
    const refusal = confinementRefusal(ROOT, to, HOME);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(expected);
  });

  it('allows the root itself when it is not the home folder, and a hidden root the user chose', () => {
    expect(confinementRefusal(plain('srv', 'exports'), plain('srv', 'exports'), HOME)).toBeNull();
    expect(confinementRefusal(plain('home', 'ann', '.local', 'share', 'sets'), plain('home', 'ann', '.local', 'share', 'sets', 'out'), HOME)).toBeNull();
  });

  it('refuses the home folder also under a root above it', () => {
    expect(confinementRefusal(plain('home'), plain('home', 'ann'), HOME)).toMatch(/is the home folder/);
    expect(confinementRefusal(plain('home'), plain('home', 'ann', 'out'), HOME)).toBeNull();
  });

  it('decides by the real root: a root reached through a symlink still holds its own folders', () => {
    const root = { lexical: abs('data'), real: abs('mnt', 'disk', 'data') };
    expect(confinementRefusal(root, { lexical: abs('data', 'out'), real: abs('mnt', 'disk', 'data', 'out') }, HOME)).toBeNull();
    expect(confinementRefusal(root, { lexical: abs('data', 'out'), real: abs('mnt', 'disk', 'other') }, HOME)).toMatch(/through a symbolic link/);
  });
});

describe.skipIf(process.platform === 'win32')('realDestination', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeTree));

  it('resolves the deepest existing folder and keeps the part that does not exist yet', async () => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-confine-')));
    dirs.push(base);
    fs.mkdirSync(path.join(base, 'target'));
    fs.symlinkSync(path.join(base, 'target'), path.join(base, 'link'));
    expect(await realDestination(path.join(base, 'link', 'new', 'out'))).toEqual({
      lexical: path.join(base, 'link', 'new', 'out'),
      real: path.join(base, 'target', 'new', 'out'),
    });
  });

  it('throws on a dangling symlink on the way', async () => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-confine-')));
    dirs.push(base);
    fs.symlinkSync(path.join(base, 'gone'), path.join(base, 'dangling'));
    await expect(realDestination(path.join(base, 'dangling', 'out'))).rejects.toThrow(/ENOENT/);
  });
});
