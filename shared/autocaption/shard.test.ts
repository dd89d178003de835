import { describe, expect, it } from 'vitest';
import { inShard, parseShard, pathHash, shardOf } from './shard.ts';

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/3', { index: 2, count: 3 }],
    [' 3 / 3 ', { index: 3, count: 3 }],
  ])('reads %j', (text, value) => {
    expect(parseShard(text)).toEqual({ ok: true, value });
  });

  it.each(['0/3', '4/3', '1/0', '-1/3', '1.5/3', '2', '2/', '/3', 'a/b', '1/3/4', '', '1/99999', '99999999999999999999/1'])('refuses %j in one line', (text) => {
    const r = parseShard(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^--shard must be i\/n/);
      expect(r.error).not.toContain('\n');
    }
  });
});

describe('shardOf', () => {
  const paths = Array.from({ length: 3000 }, (_, i) => `sub/img_${String(i).padStart(4, '0')}.png`);

  it('puts every path in exactly one shard, spread about evenly', () => {
    for (const n of [2, 3, 7]) {
      const sizes = new Array<number>(n).fill(0);
      for (const p of paths) {
        const own = shardOf(p, n);
        expect(own >= 1 && own <= n).toBe(true);
        expect(inShard(p, { index: own, count: n })).toBe(true);
        expect(inShard(p, { index: (own % n) + 1, count: n })).toBe(false);
        sizes[own - 1]!++;
      }
      for (const s of sizes) expect(Math.abs(s - paths.length / n)).toBeLessThan((paths.length / n) * 0.15);
    }
  });

  it('depends on the path alone: other images coming and going move nothing', () => {
    const before = new Map(paths.map((p) => [p, shardOf(p, 3)]));
    const fewer = paths.filter((_, i) => i % 5 !== 0);
    for (const p of fewer) expect(shardOf(p, 3)).toBe(before.get(p));
  });

  it('is fixed across versions and machines (a change would re-split running clusters)', () => {
    expect(pathHash('')).toBe(pathHash(''.normalize('NFC')));
    expect([pathHash('a.png'), pathHash('img_001.png'), pathHash('dir/ü.png')]).toEqual([1600631338, 3398942503, 164352055]);
    // Composed and decomposed spellings of one name are one path.
    expect(pathHash('dir/\u00fc.png')).toBe(pathHash('dir/u\u0308.png'));
  });
});
