import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSampleCopy, folderFromArgs, readState, startCandidates, writeState } from './state.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-state-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('round-trips the last folder and creates userData on first write', () => {
    const file = path.join(dir, 'userData', 'state.json');
    expect(readState(file)).toEqual({});
    writeState(file, { lastFolder: '/data/set one' });
    expect(readState(file)).toEqual({ lastFolder: '/data/set one' });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state.json']);
  });

  it.each([['{'], ['null'], ['[]'], ['{"lastFolder": 3}'], ['{"lastFolder": "relative/dir"}'], ['']])('treats %j as empty', (text) => {
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, text);
    expect(readState(file)).toEqual({});
  });
});

describe('folderFromArgs', () => {
  it.each<[string[], string | null]>([
    [[], null],
    [['--no-sandbox', '--inspect=9229'], null],
    [['datasets/cats'], '/home/me/datasets/cats'],
    [['--enable-logging', '/abs/set'], '/abs/set'],
    [['', 'x'], '/home/me/x'],
  ])('%j -> %s', (args, expected) => {
    expect(folderFromArgs(args, '/home/me')).toBe(expected);
  });
});

describe('startCandidates', () => {
  it('tries the command line, then the last folder, then the sample', () => {
    expect(startCandidates({ fromArgs: '/a', state: { lastFolder: '/b' }, sample: '/s' }).map((c) => c.folder)).toEqual(['/a', '/b', '/s']);
  });
  it('does not try one folder twice', () => {
    expect(startCandidates({ fromArgs: '/a', state: { lastFolder: '/a' }, sample: '/s' }).map((c) => c.source)).toEqual(['command line', 'sample']);
  });
  it('falls back to the sample alone', () => {
    expect(startCandidates({ fromArgs: null, state: {}, sample: '/s' })).toEqual([{ folder: '/s', source: 'sample' }]);
  });
});

describe('ensureSampleCopy', () => {
  it('copies the bundled sample once and keeps the user copy afterwards', () => {
    const bundled = path.join(dir, 'bundled');
    fs.mkdirSync(path.join(bundled, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(bundled, 'a.txt'), 'ohwx, cat\n');
    fs.writeFileSync(path.join(bundled, 'sub', 'b.txt'), 'dog');
    const userData = path.join(dir, 'user');
    fs.mkdirSync(userData);

    const copy = ensureSampleCopy(bundled, userData);
    expect(copy).toBe(path.join(userData, 'sample'));
    expect(fs.readFileSync(path.join(copy, 'sub', 'b.txt'), 'utf8')).toBe('dog');

    fs.writeFileSync(path.join(copy, 'a.txt'), 'edited');
    expect(ensureSampleCopy(bundled, userData)).toBe(copy);
    expect(fs.readFileSync(path.join(copy, 'a.txt'), 'utf8')).toBe('edited');
    expect(fs.readdirSync(userData)).toEqual(['sample']);
  });
});
