import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GRID_GAP, GRID_PADDING, gridLayout, navigate, type NavKey } from './layout.ts';

describe('grid layout', () => {
  it('fits as many columns of at least the thumbnail size as the width allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 80, max: 360 }), (width, size) => {
        const { columns, itemWidth, rowHeight } = gridLayout(width, size);
        const inner = width - 2 * GRID_PADDING;
        expect(columns).toBeGreaterThanOrEqual(1);
        if (columns > 1) {
          expect(itemWidth).toBeGreaterThanOrEqual(size);
          expect(columns * itemWidth + (columns - 1) * GRID_GAP).toBeLessThanOrEqual(inner);
        }
        // one more column would not fit at the requested size
        expect((columns + 1) * size + columns * GRID_GAP).toBeGreaterThan(inner);
        expect(rowHeight).toBeGreaterThan(itemWidth);
      }),
    );
  });
});

describe('keyboard navigation', () => {
  const keys: NavKey[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'];

  it('moves by one, by a row, by a page and to the ends', () => {
    // 10 items in 4 columns: rows [0-3] [4-7] [8-9]
    expect(navigate('ArrowRight', 3, 10, 4, 2)).toBe(4);
    expect(navigate('ArrowLeft', 0, 10, 4, 2)).toBe(0);
    expect(navigate('ArrowDown', 1, 10, 4, 2)).toBe(5);
    expect(navigate('ArrowDown', 6, 10, 4, 2)).toBe(9); // the last row is short: land on its last item
    expect(navigate('ArrowDown', 9, 10, 4, 2)).toBe(9);
    expect(navigate('ArrowUp', 2, 10, 4, 2)).toBe(2);
    expect(navigate('ArrowUp', 9, 10, 4, 2)).toBe(5);
    expect(navigate('PageDown', 0, 10, 4, 2)).toBe(8);
    expect(navigate('PageUp', 9, 10, 4, 2)).toBe(1);
    expect(navigate('Home', 7, 10, 4, 2)).toBe(0);
    expect(navigate('End', 0, 10, 4, 2)).toBe(9);
    expect(navigate('ArrowDown', -1, 10, 4, 2)).toBe(0);
    expect(navigate('End', -1, 10, 4, 2)).toBe(9);
    expect(navigate('Home', 0, 0, 4, 2)).toBe(-1);
  });

  it('always lands inside the list', () => {
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 20 }), fc.nat(), (key, count, columns, pageRows, at) => {
        const index = at % count;
        const next = navigate(key, index, count, columns, pageRows);
        expect(next).toBeGreaterThanOrEqual(0);
        expect(next).toBeLessThan(count);
      }),
    );
  });
});
