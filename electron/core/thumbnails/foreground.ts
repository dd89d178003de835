/**
 * Counts the requests somebody is waiting for (the grid's thumbnails, lint's hashes). Background work
 * awaits idle() before each of its jobs, so a request never queues behind more than the one
 * background job already running.
 */
export class ForegroundGate {
  private running = 0;
  private waiters: Array<() => void> = [];

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      if (this.running === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Whether a request is running. */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Resolves once no request is running (at once when none is). */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
