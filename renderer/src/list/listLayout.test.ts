import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { THUMB_MAX, THUMB_MIN } from '../../../shared/prefs/prefs.ts';
import { estimateListRow, LIST_PAD_Y, listTextWidth, listThumbSize } from './listLayout.ts';

describe('list layout', () => {
  it('sizes thumbnails at half the slider, never below 64 px', () => {
    expect(listThumbSize(THUMB_MIN)).toBe(64);
    expect(listThumbSize(160)).toBe(80);
    expect(listThumbSize(THUMB_MAX)).toBe(180);
  });

  it('estimates a row as tall as its thumbnail or its wrapped caption, whichever is taller', () => {
    const thumb = 80;
    const short = estimateListRow(40, 900, thumb);
    expect(short).toBe(thumb + 2 * LIST_PAD_Y + 1);
    expect(estimateListRow(0, 900, thumb)).toBe(short);
    // 400 characters in a narrow pane wrap to many lines
    expect(estimateListRow(400, 500, thumb)).toBeGreaterThan(estimateListRow(400, 1200, thumb));
    expect(estimateListRow(400, 500, thumb)).toBeGreaterThan(short + 19 * 4);
  });

  it('never shrinks as the caption grows or the pane narrows', () => {
    fc.assert(
      fc.property(fc.nat(2000), fc.nat(2000), fc.integer({ min: 200, max: 3000 }), fc.integer({ min: 64, max: 180 }), (a, b, width, thumb) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(estimateListRow(hi, width, thumb)).toBeGreaterThanOrEqual(estimateListRow(lo, width, thumb));
        expect(estimateListRow(lo, width - 100, thumb)).toBeGreaterThanOrEqual(estimateListRow(lo, width, thumb));
        expect(listTextWidth(width, thumb)).toBeGreaterThan(0);
      }),
    );
  });
});
