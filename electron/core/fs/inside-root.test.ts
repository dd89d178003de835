import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, removeTree } from '../dataset/test-fixtures.ts';
import { isInsideRoot, RealParentChecker, toAbsolute } from './inside-root.ts';

const ROOT = path.resolve('/data/set');

describe('isInsideRoot', () => {
  it.each([
    ['a.txt', true],
    ['sub/dir/a.txt', true],
    ['%2e%2e/a.txt', true], // a literal folder named %2e%2e: not decoded, stays inside
    ['..%2fetc/passwd', true], // one literal segment, still inside
    ['a..b.txt', true],
    ['...', true],
    ['..', false],
    ['../a.txt', false],
    ['sub/../../a.txt', false],
    ['sub/../a.txt', false], // non-canonical even though it stays inside
    ['./a.txt', false],
    ['sub//a.txt', false],
    ['sub/', false],
    ['', false],
    ['/etc/passwd', false],
    ['/data/set/a.txt', false],
    ['..\\a.txt', false],
    ['sub\\..\\..\\a.txt', false],
    ['\\\\server\\share\\a.txt', false],
    ['C:\\Windows\\a.txt', false],
    ['c:a.txt', false],
    ['a\0.txt', false],
  ])('%j -> %s', (candidate, expected) => {
    expect(isInsideRoot(ROOT, candidate)).toBe(expected);
  });

  it('refuses a relative root', () => {
    expect(isInsideRoot('data', 'a.txt')).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isInsideRoot(ROOT, undefined as unknown as string)).toBe(false);
    expect(isInsideRoot(ROOT, 42 as unknown as string)).toBe(false);
  });
});

describe('RealParentChecker', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach(removeTree));

  it('catches a symlinked folder that points outside the root', async () => {
    const root = makeTree({ 'in/a.txt': 'x' });
    const outside = makeTree({ 'b.txt': 'secret' });
    roots.push(root, outside);
    fs.symlinkSync(outside, path.join(root, 'link'));
    fs.symlinkSync(path.join(root, 'in'), path.join(root, 'inner-link'));
    const checker = new RealParentChecker(root);
    expect(isInsideRoot(root, 'link/b.txt')).toBe(true); // lexically fine...
    expect(await checker.check(toAbsolute(root, 'link/b.txt'))).toMatch(/outside/); // ...but not really
    expect(await checker.check(toAbsolute(root, 'in/a.txt'))).toBeNull();
    expect(await checker.check(toAbsolute(root, 'inner-link/a.txt'))).toBeNull();
    expect(await checker.check(toAbsolute(root, 'a.txt'))).toBeNull();
    expect(await checker.check(toAbsolute(root, 'nope/a.txt'))).toMatch(/cannot be resolved/);
  });

  it('works when the root itself is reached through a symlink', async () => {
    const real = makeTree({ 'a.txt': 'x' });
    roots.push(real);
    const alias = path.join(os.tmpdir(), `tagsmith-alias-${process.pid}-${Date.now()}`);
    fs.symlinkSync(real, alias);
    try {
      expect(await new RealParentChecker(alias).check(toAbsolute(alias, 'a.txt'))).toBeNull();
    } finally {
      fs.unlinkSync(alias);
    }
  });
});
