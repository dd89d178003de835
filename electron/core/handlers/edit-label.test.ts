import { describe, expect, it } from 'vitest';
import { saveLabel } from './edit-label.ts';

describe('saveLabel', () => {
  it.each<[string | undefined, string, string]>([
    [undefined, 'img_001.txt', 'edit img_001.txt'],
    ['', 'img_001.txt', 'edit img_001.txt'],
    ['   \n ', 'img_001.txt', 'edit img_001.txt'],
    ['add low angle', 'img_001.txt', 'add low angle · img_001.txt'],
    ['  add\nlow\r\n\tangle  ', 'img_001.txt', 'add low angle · img_001.txt'],
    ['remove ^_^', 'sub dir/x.txt', 'remove ^_^ · sub dir/x.txt'],
    ['a'.repeat(80), 'b.txt', `${'a'.repeat(59)}… · b.txt`],
    ['😀'.repeat(80), 'b.txt', `${'😀'.repeat(59)}… · b.txt`],
    ['add tag', `${'n'.repeat(100)}.caption`, `add tag · ${'n'.repeat(30)}…${'n'.repeat(21)}.caption`],
  ])('%j + %j', (what, file, expected) => {
    expect(saveLabel(what, file)).toBe(expected);
  });

  it('is always one line', () => {
    expect(saveLabel('a\u2028b\u0085c\u0000d', 'x\ny.txt')).toBe('a b c d · x y.txt');
  });
});
