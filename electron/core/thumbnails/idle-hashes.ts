/**
 * Lint's hashes of the thumbnails the grid asked for, made while nobody waits. The grid's thumbnails
 * are rendered without their hash: it took a quarter of each job (the pixels kept, then encoded
 * apart, then hashed), and a cold screenful waited for it. Their hashes are made here instead, one
 * at a time, once the service has made nothing for `idleMs`: each by a job that decodes the source
 * again but encodes nothing. A lint run later finds them ready; a lint run before then makes them
 * itself, in one job with the thumbnail where there is none yet.
 */
export interface IdleHashesOptions {
  /** Quiet time after the service's last job before a hash is made; every new job starts it again. */
  idleMs: number;
  /** Whether the service is making anything (a request's job, a prefetch's): hashes wait. */
  busy: () => boolean;
  /** Makes and stores the hash of this source version (a no-op when it is stored already). */
  make: (src: string, key: string) => Promise<unknown>;
}

export class IdleHashes {
  /** Thumbnail key -> source, in the order the grid asked for them. */
  private readonly queue = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private draining = false;
  private stopped = false;
  private lastActivity = performance.now();

  constructor(private readonly opts: IdleHashesOptions) {}

  /** This source version's thumbnail was made without its hash. */
  add(src: string, key: string): void {
    if (this.stopped) return;
    this.queue.set(key, src);
    this.schedule();
  }

  /** A job of the service ended (a request's or a prefetch's): the quiet time starts again. */
  noteActivity(): void {
    this.lastActivity = performance.now();
    this.schedule();
  }

  /** Drops what is queued and makes nothing more (the service closes). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.clear();
  }

  private quietFor(): number {
    return performance.now() - this.lastActivity;
  }

  private schedule(): void {
    // A pending timer looks at the time again when it fires.
    if (this.stopped || this.draining || this.timer || this.queue.size === 0) return;
    const wait = this.opts.busy() ? this.opts.idleMs : Math.max(0, this.opts.idleMs - this.quietFor());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, wait);
    // Never what keeps a process alive.
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (!this.stopped && this.queue.size > 0 && !this.opts.busy() && this.quietFor() >= this.opts.idleMs) {
        const [key, src] = this.queue.entries().next().value!;
        this.queue.delete(key);
        await this.opts.make(src, key).catch(() => undefined);
      }
    } finally {
      this.draining = false;
    }
    this.schedule();
  }
}
