import { describe, it, expect } from 'vitest';
import { pathGlob, tagGlob } from './glob.ts';

describe('tagGlob', () => {
  it.each<[string, string, boolean]>([
    ['*hair', 'long hair', true],
    ['*hair', 'LONG HAIR', true],
    ['*hair', 'hair ornament', false],
    ['hair*', 'hair ornament', true],
    ['*hair*', 'long hair ornament', true],
    ['?girl', '1girl', true],
    ['?girl', '10girl', false],
    ['?girl', '😀girl', true],
    ['*', '', true],
    ['a.b', 'axb', false],
    ['name_(*)', 'name_(series)', true],
    ['(*)_(*)', '(o)_(o)', true],
    ['[x]', '[x]', true],
    ['[x]', 'x', false],
    ['^_^', '^_^', true],
    ['$|+{}', '$|+{}', true],
    [String.raw`\*`, '*', true],
    [String.raw`\*`, 'x', false],
    [String.raw`a\?`, 'a?', true],
    [String.raw`a\?`, 'ab', false],
    [String.raw`\\m/`, String.raw`\m/`, true],
  ])('%j vs %j', (pattern, tag, expected) => {
    expect(tagGlob(pattern).test(tag)).toBe(expected);
  });
});

describe('pathGlob', () => {
  it.each<[string, string, boolean]>([
    ['*.png', 'img_001.png', true],
    ['*.png', 'sub/deeper/img_001.PNG', true],
    ['*.png', 'img_001.png.txt', false],
    ['*.png', 'a.png/img.jpg', false],
    ['img_00?.png', 'sub/img_001.png', true],
    ['sub dir/*', 'sub dir/a.png', true],
    ['sub dir/*', 'sub dir/deeper/a.png', false],
    ['sub dir/*', 'other/sub dir/a.png', false],
    ['sub dir/**', 'sub dir/deeper/a.png', true],
    ['**/close*.jpg', 'close1.jpg', true],
    ['**/close*.jpg', 'a/b/close1.jpg', true],
    ['**/close*.jpg', 'a/b/far.jpg', false],
    ['a/**/b.png', 'a/b.png', true],
    ['a/**/b.png', 'a/x/y/b.png', true],
    ['/sub/*.png', 'sub/a.png', true],
    ['./sub/*.png', 'sub/a.png', true],
    ['SUB/*', 'sub/a.png', true],
    ['img_001.png', 'img_001.png', true],
    ['img_001.png', 'x/img_001.png', true],
    ['img_001', 'img_001.png', false],
    ['[1].png', '[1].png', true],
    ['[1].png', '1.png', false],
  ])('%j vs %j', (pattern, path, expected) => {
    expect(pathGlob(pattern).test(path)).toBe(expected);
  });
});
