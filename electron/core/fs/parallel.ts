/** Runs fn over items with at most `limit` calls in flight. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Math.max(1, Math.min(limit, items.length));
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: lanes }, () => run()));
}

/** How long a loop over a big batch may hold the event loop before it lets other work in. */
const SLICE_MS = 12;

/** The next turn of the event loop: timers, I/O and other requests get in before the caller goes on. */
export const nextTurn = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

/**
 * The clock of forEachSliced, also for loops that cannot be one callback (they return early, or
 * await): they ask `if (slices.due()) await slices.yield()` per item. Awaiting an already settled
 * promise does not let the event loop in (microtasks run first), so an async loop over 100,000 items
 * needs this too.
 */
export class TimeSlices {
  // Date.now, not performance.now: the first read of `performance` loads perf_hooks (~2 ms of every
  // CLI start), and a millisecond clock is fine for 12 ms slices.
  private end: number;

  constructor(private readonly sliceMs: number = SLICE_MS) {
    this.end = Date.now() + sliceMs;
  }

  due(): boolean {
    return Date.now() >= this.end;
  }

  async yield(): Promise<void> {
    await nextTurn();
    this.end = Date.now() + this.sliceMs;
  }
}

/**
 * Runs a synchronous fn over items in time slices, yielding to the event loop between slices.
 *
 * Why synchronous: per-caption I/O is a handful of tiny syscalls, and each async fs call costs a hop
 * to the libuv pool and back. Measured here on 100,000 captions, sync reads took ~2 s where 64-wide
 * async reads took 7-9 s. Slicing (default 12 ms) keeps the event loop, and so the Electron main
 * process or the web server, responsive during a 100,000-file batch.
 */
export async function forEachSliced<T>(
  items: readonly T[],
  fn: (item: T, index: number) => void,
  opts: { sliceMs?: number; onSlice?: (done: number) => void } = {},
): Promise<void> {
  const slices = new TimeSlices(opts.sliceMs);
  for (let i = 0; i < items.length; i++) {
    fn(items[i]!, i);
    if (i + 1 === items.length) opts.onSlice?.(items.length);
    else if (slices.due()) {
      opts.onSlice?.(i + 1);
      await slices.yield();
    }
  }
}
