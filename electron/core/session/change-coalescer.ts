import type { ExternalChange } from '../dataset/dataset.ts';

/** Outside changes gathered since the last flush. Images are ids; captions are caption file paths. */
export interface PendingChanges {
  images: Set<string>;
  removed: Set<string>;
  captions: Set<string>;
}

export interface CoalescerTiming {
  /** Flush once no change arrived for this long. */
  quietMs: number;
  /** ...but never later than this after the first change of a burst, so a long burst still shows progress. */
  maxWaitMs: number;
}

export const DEFAULT_TIMING: CoalescerTiming = { quietMs: 50, maxWaitMs: 500 };

/**
 * Turns a burst of watcher events (a `sed -i` over 10,000 captions, a folder copied in) into a few
 * flushes. Later events for one path win: an image removed and added back in one burst is a change.
 */
export class ChangeCoalescer {
  private pending: PendingChanges = empty();
  private quietTimer: NodeJS.Timeout | null = null;
  private maxTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flush: (changes: PendingChanges) => void,
    private readonly timing: CoalescerTiming = DEFAULT_TIMING,
  ) {}

  add(change: ExternalChange): void {
    const p = this.pending;
    if (change.target === 'caption') p.captions.add(change.path);
    else if (change.kind === 'removed') {
      p.images.delete(change.path);
      p.removed.add(change.path);
    } else {
      p.removed.delete(change.path);
      p.images.add(change.path);
    }
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flushNow(), this.timing.quietMs);
    this.maxTimer ??= setTimeout(() => this.flushNow(), this.timing.maxWaitMs);
  }

  /** Drops what is pending (the dataset it refers to is being replaced or closed). */
  cancel(): void {
    this.clearTimers();
    this.pending = empty();
  }

  flushNow(): void {
    this.clearTimers();
    const p = this.pending;
    this.pending = empty();
    if (p.images.size + p.removed.size + p.captions.size > 0) this.flush(p);
  }

  private clearTimers(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.quietTimer = null;
    this.maxTimer = null;
  }
}

function empty(): PendingChanges {
  return { images: new Set(), removed: new Set(), captions: new Set() };
}
