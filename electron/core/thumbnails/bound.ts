import { BLOCK_BYTES, DEFAULT_CACHE_MAX_BYTES, evictLeastRecentlyUsed } from './lru.ts';
import type { EvictResult } from './lru.ts';
import { addUsage, readUsage, writeUsage } from './usage.ts';

/** How long the service must make nothing before a due eviction pass starts. */
const PASS_IDLE_MS = 500;

export interface CacheBoundOptions {
  cacheDir: string;
  /** Bytes, or a function called once, at the first check (the per-user config file's bound). */
  maxCacheBytes: number | (() => Promise<number>);
  /** Files used more recently than this are never evicted (lru.ts). */
  evictGraceMs?: number;
  /** Whether a thumbnail or hash is being made: a pass waits until it is not. */
  busy: () => boolean;
}

/**
 * When a thumbnail service runs its eviction passes (lru.ts). A pass is due at the first write of a
 * process when the cache's recorded total (usage.ts) is unknown or this process's writes can bring it
 * to the bound, and after every 2% of the bound written; a due pass starts once nothing has been made
 * for PASS_IDLE_MS, or at close.
 */
export class CacheBound {
  private limit: Promise<number> | null = null;
  /** Bytes written since the last pass; -1 until the first write (which may make a pass due). */
  private writtenSincePass = -1;
  /** Bytes written that no pass has measured: added to the recorded total at close. */
  private unmeasured = 0;
  /** The writes' checks whether a pass is due (finish waits for them). */
  private checking: Promise<void> = Promise.resolve();
  private evicting: Promise<unknown> | null = null;
  /** A pass is due and waits for the service to be idle (whenIdle), or for finish(). */
  private passDue = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly opts: CacheBoundOptions) {}

  /** A file of `bytes` was written to the cache (counted as the 4 KB blocks it takes). */
  noteWritten(bytes: number): void {
    const first = this.writtenSincePass < 0;
    const onDisk = Math.ceil(bytes / BLOCK_BYTES) * BLOCK_BYTES;
    this.writtenSincePass = Math.max(0, this.writtenSincePass) + onDisk;
    this.unmeasured += onDisk;
    if (this.passDue || this.evicting || this.stopped) return;
    const check = (this.limit ??= this.resolveLimit()).then(async (limit) => {
      const due = first ? await this.mayReachBound(limit) : this.writtenSincePass >= limit * 0.02;
      if (!due || this.passDue || this.evicting) return;
      this.passDue = true;
      this.whenIdle();
    });
    this.checking = Promise.all([this.checking, check.catch(() => undefined)]).then(() => undefined);
  }

  /**
   * Called when a thumbnail or hash is done: a due pass starts once nothing has been in the making for
   * PASS_IDLE_MS. Over a full cache a pass stats 100,000 files and more: run at the first write, it took
   * a share of the two cores from the first screenful being made (+140 ms measured here).
   */
  whenIdle(): void {
    if (!this.passDue || this.evicting || this.stopped || this.opts.busy()) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.passDue && !this.evicting && !this.stopped && !this.opts.busy()) this.startPass();
    }, PASS_IDLE_MS);
    // Waiting never keeps a process alive; one that ends first runs the pass in finish().
    this.idleTimer.unref();
  }

  /** One pass now. */
  async evict(): Promise<EvictResult> {
    while (this.evicting) await this.evicting;
    this.passDue = false;
    const pass = this.runEviction();
    // Held without its failure: only the caller of evict() hears that.
    this.evicting = pass.catch(() => undefined).finally(() => (this.evicting = null));
    return pass;
  }

  /** No pass starts by itself any more (the service is closing; its last writes are still counted). */
  stop(): void {
    this.stopped = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
  }

  /**
   * After stop() and the service's last write: a pass that never found the service idle (a CLI lint
   * busy until its end) runs now, so a cache written only by short commands stays bounded too; what no
   * pass measured joins the recorded total, so the next process knows the cache grew.
   */
  async finish(): Promise<void> {
    await this.checking;
    if (this.passDue && !this.evicting) this.startPass();
    await this.evicting;
    if (this.unmeasured > 0) await addUsage(this.opts.cacheDir, this.unmeasured);
  }

  private async mayReachBound(limit: number): Promise<boolean> {
    const recorded = await readUsage(this.opts.cacheDir);
    return recorded === null || recorded + this.unmeasured >= limit;
  }

  /** evict() with nobody to hear a failure (it sets `evicting` before its first await). */
  private startPass(): void {
    void this.evict().catch(() => undefined);
  }

  private async runEviction(): Promise<EvictResult> {
    this.writtenSincePass = 0;
    this.unmeasured = 0;
    const maxBytes = await (this.limit ??= this.resolveLimit());
    const grace = this.opts.evictGraceMs;
    const result = await evictLeastRecentlyUsed(this.opts.cacheDir, { maxBytes, ...(grace !== undefined ? { graceMs: grace } : {}) });
    await writeUsage(this.opts.cacheDir, result.bytesAfter);
    return result;
  }

  private async resolveLimit(): Promise<number> {
    const m = this.opts.maxCacheBytes;
    const n = typeof m === 'function' ? await m().catch(() => DEFAULT_CACHE_MAX_BYTES) : m;
    return Number.isFinite(n) && n > 0 ? n : DEFAULT_CACHE_MAX_BYTES;
  }
}
