import { describe, expect, it } from 'vitest';
import { colourGrid, decodeGrid, GRID, GRID_BYTES, gridDistance } from './colour-grid.ts';

/** A side x side RGB sample whose pixel colour is f(x, y). */
function sample(side: number, f: (x: number, y: number) => [number, number, number]): Uint8Array {
  const rgb = new Uint8Array(side * side * 3);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) rgb.set(f(x, y), (y * side + x) * 3);
  return rgb;
}

describe('colourGrid', () => {
  it('holds the mean colour of each of the 8x8 cells, row by row', () => {
    // Left half red, right half blue; the top-left cell half black half white.
    const rgb = sample(32, (x, y) => (x < 4 && y < 4 ? (x < 2 ? [0, 0, 0] : [255, 255, 255]) : x < 16 ? [200, 10, 10] : [10, 10, 200]));
    const grid = decodeGrid(colourGrid(rgb, 32))!;
    expect(grid).toHaveLength(GRID_BYTES);
    const cell = (cx: number, cy: number) => [...grid.subarray((cy * GRID + cx) * 3, (cy * GRID + cx) * 3 + 3)];
    expect(cell(0, 0)).toEqual([128, 128, 128]);
    expect(cell(3, 5)).toEqual([200, 10, 10]);
    expect(cell(4, 0)).toEqual([10, 10, 200]);
    expect(colourGrid(rgb, 32)).toMatch(/^[A-Za-z0-9+/]{256}$/);
  });

  it('refuses a sample that is not square RGB of a multiple of 8', () => {
    expect(() => colourGrid(new Uint8Array(30 * 30 * 3), 30)).toThrow();
    expect(() => colourGrid(new Uint8Array(10), 32)).toThrow();
  });
});

describe('gridDistance', () => {
  const grey = decodeGrid(colourGrid(sample(32, () => [100, 100, 100]), 32))!;

  it('is the largest colour difference of any one cell', () => {
    const one = new Uint8Array(grey);
    one.set([103, 104, 100], 9);
    expect(gridDistance(grey, one)).toBe(5);
    expect(gridDistance(one, grey)).toBe(5);
    expect(gridDistance(grey, grey)).toBe(0);
  });

  it('reads a damaged grid as none', () => {
    expect(decodeGrid('')).toBeNull();
    expect(decodeGrid('AAAA')).toBeNull();
  });
});
