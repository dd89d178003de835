import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeCoalescer, type PendingChanges } from './change-coalescer.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const plain = (p: PendingChanges) => ({ images: [...p.images], removed: [...p.removed], captions: [...p.captions] });

describe('ChangeCoalescer', () => {
  it('flushes once the burst goes quiet, with later events for a path winning', () => {
    const flushed: PendingChanges[] = [];
    const c = new ChangeCoalescer((p) => flushed.push(p), { quietMs: 50, maxWaitMs: 500 });
    c.add({ path: 'a.png', kind: 'removed', target: 'image' });
    c.add({ path: 'a.png', kind: 'added', target: 'image' });
    c.add({ path: 'b.png', kind: 'added', target: 'image' });
    c.add({ path: 'b.png', kind: 'removed', target: 'image' });
    c.add({ path: 'a.txt', kind: 'changed', target: 'caption' });
    vi.advanceTimersByTime(49);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed.map(plain)).toEqual([{ images: ['a.png'], removed: ['b.png'], captions: ['a.txt'] }]);
  });

  it('a burst that never goes quiet still flushes every maxWaitMs', () => {
    const flushed: PendingChanges[] = [];
    const c = new ChangeCoalescer((p) => flushed.push(p), { quietMs: 50, maxWaitMs: 200 });
    for (let t = 0; t < 1000; t += 10) {
      c.add({ path: `${t}.txt`, kind: 'changed', target: 'caption' });
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(50);
    expect(flushed).toHaveLength(5);
    expect(flushed.reduce((n, p) => n + p.captions.size, 0)).toBe(100);
  });

  it('cancel drops what is pending', () => {
    const flush = vi.fn();
    const c = new ChangeCoalescer(flush);
    c.add({ path: 'a.txt', kind: 'changed', target: 'caption' });
    c.cancel();
    vi.advanceTimersByTime(1000);
    expect(flush).not.toHaveBeenCalled();
  });
});
