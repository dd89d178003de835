import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateFullGridRow, GRID_GAP, GRID_PADDING, gridLayout, navigate, rowsPerPage, wrappedLines, type NavMove } from './layout.ts';

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

  it('estimates wrapped captions by length and width', () => {
    expect(wrappedLines(0, 300, 12)).toBe(1);
    expect(wrappedLines(10, 300, 12)).toBe(1);
    expect(wrappedLines(400, 150, 12)).toBeGreaterThan(wrappedLines(400, 300, 12));
    expect(wrappedLines(5, 1, 12)).toBe(5); // narrower than a character: one per line, never zero
    const card = estimateFullGridRow(160, 0);
    expect(card).toBeGreaterThan(160);
    expect(estimateFullGridRow(160, 400)).toBeGreaterThan(card + 5 * 17);
  });
});

describe('keyboard navigation', () => {
  const moves: NavMove[] = ['left', 'right', 'up', 'down', 'home', 'end', 'pageUp', 'pageDown'];

  it('moves by one, by a row, by a page and to the ends', () => {
    // 10 items in 4 columns: rows [0-3] [4-7] [8-9]
    expect(navigate('right', 3, 10, 4, 2)).toBe(4);
    expect(navigate('left', 0, 10, 4, 2)).toBe(0);
    expect(navigate('down', 1, 10, 4, 2)).toBe(5);
    expect(navigate('down', 6, 10, 4, 2)).toBe(9); // the last row is short: land on its last item
    expect(navigate('down', 9, 10, 4, 2)).toBe(9);
    expect(navigate('up', 2, 10, 4, 2)).toBe(2);
    expect(navigate('up', 9, 10, 4, 2)).toBe(5);
    expect(navigate('pageDown', 0, 10, 4, 2)).toBe(8);
    expect(navigate('pageUp', 9, 10, 4, 2)).toBe(1);
    expect(navigate('home', 7, 10, 4, 2)).toBe(0);
    expect(navigate('end', 0, 10, 4, 2)).toBe(9);
    expect(navigate('down', -1, 10, 4, 2)).toBe(0);
    expect(navigate('end', -1, 10, 4, 2)).toBe(9);
    expect(navigate('home', 0, 0, 4, 2)).toBe(-1);
  });

  it('moves the list (one column) a row at a time', () => {
    expect(navigate('down', 3, 10, 1, 4)).toBe(4);
    expect(navigate('up', 3, 10, 1, 4)).toBe(2);
    expect(navigate('pageDown', 3, 10, 1, 4)).toBe(7);
    expect(navigate('pageDown', 8, 10, 1, 4)).toBe(9);
  });

  it('always lands inside the list', () => {
    fc.assert(
      fc.property(fc.constantFrom(...moves), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 20 }), fc.nat(), (move, count, columns, pageRows, at) => {
        const index = at % count;
        const next = navigate(move, index, count, columns, pageRows);
        expect(next).toBeGreaterThanOrEqual(0);
        expect(next).toBeLessThan(count);
      }),
    );
  });
});

describe('page size', () => {
  it('counts the rows of differing heights that fit in one screen from the cursor', () => {
    const sizes = [100, 50, 50, 300, 50, 50];
    const sizeOf = (r: number) => sizes[r]!;
    expect(rowsPerPage(0, 1, 6, 400, sizeOf)).toBe(3); // 50 + 50 + 300 = 400 fits; the 4th does not
    expect(rowsPerPage(0, 1, 6, 399, sizeOf)).toBe(2);
    expect(rowsPerPage(3, -1, 6, 120, sizeOf)).toBe(2); // upwards: 50 + 50, then 100 more would not fit
    expect(rowsPerPage(0, 1, 6, 10, sizeOf)).toBe(1); // a row taller than the screen still moves one
    expect(rowsPerPage(5, 1, 6, 1000, sizeOf)).toBe(1); // nothing after the last row: navigate clamps
  });

  it('matches whole rows per screen when every row is alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 400 }), fc.integer({ min: 0, max: 3000 }), (size, viewport) => {
        expect(rowsPerPage(0, 1, 10_000, viewport, () => size)).toBe(Math.max(1, Math.floor(viewport / size)));
      }),
    );
  });
});
