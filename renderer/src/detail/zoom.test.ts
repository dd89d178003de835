import { describe, expect, it } from 'vitest';
import { MAX_ZOOM, MIN_ZOOM, stepZoom, zoomLabel } from './zoom.ts';

describe('zoom steps', () => {
  it('starts from the scale fit is showing', () => {
    expect(stepZoom('fit', 0.5, 1)).toBeCloseTo(0.625);
    expect(zoomLabel('fit', 0.5)).toBe('50%');
  });
  it('snaps to 100 % when a step crosses it', () => {
    expect(stepZoom(0.9, 1, 1)).toBe(1);
    expect(stepZoom(1.1, 1, -1)).toBe(1);
  });
  it('stays within bounds', () => {
    expect(stepZoom(MAX_ZOOM, 1, 1)).toBe(MAX_ZOOM);
    expect(stepZoom(MIN_ZOOM, 1, -1)).toBe(MIN_ZOOM);
  });
});
