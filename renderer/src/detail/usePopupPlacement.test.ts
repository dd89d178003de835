import { describe, expect, it } from 'vitest';
import { placePopup } from './usePopupPlacement.ts';

describe('where the suggestion list opens', () => {
  const box = (top: number) => ({ left: 10, top, bottom: top + 30, width: 200 });
  it('below the box when it fits', () => {
    const p = placePopup(box(100), 720, 300);
    expect(p.top).toBe(133);
    expect(p.bottom).toBeUndefined();
  });
  it('above the box when there is no room below (the box near the bottom of a 720 px window)', () => {
    const p = placePopup(box(600), 720, 300);
    expect(p.top).toBeUndefined();
    expect(p.bottom).toBe(123);
    expect(p.maxHeight).toBe(588);
  });
  it('where there is more room when it fits nowhere, capped to that room', () => {
    const p = placePopup(box(300), 500, 600);
    expect(p.top).toBeUndefined();
    expect(p.maxHeight).toBe(288);
  });
});
