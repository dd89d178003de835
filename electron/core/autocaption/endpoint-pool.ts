import type { EndpointStats } from '../../../shared/contract/jobs.ts';
import type { DescribeRequest, LlmAnswer, LlmError, LlmErrorKind, VisionClient } from '../llm/client.ts';
import type { Result } from '../../../shared/result.ts';

/** One LLM server of a job, with the client that already carries its URL, model and key. */
export interface PoolEndpoint {
  /** serverName() of the endpoint, for lines and the job panel. */
  name: string;
  baseUrl: string;
  model: string;
  concurrency: number;
  client: VisionClient;
}

/**
 * Failures that say the server could not serve, not that the image or the answer was wrong: after
 * the client's own retries, the image goes to another server. A refusal, a malformed or cut answer,
 * a 400 stay with the image (another server runs the same model and would answer the same).
 */
const MOVES = new Set<LlmErrorKind>(['network', 'server-error', 'timeout', 'rate-limited']);
/** Failures after which no request to that server can succeed (wrong key, no such model, no vision). */
const DEAD = new Set<LlmErrorKind>(['auth', 'not-found', 'no-vision']);

/** Requests failed in a row, on different images, before a server is retired for the rest of the job. */
export const RETIRE_AFTER = 3;

interface Lane extends PoolEndpoint {
  busy: number;
  answered: number;
  failed: number;
  streak: number;
  retired: string | null;
}

const CANCELLED: LlmError = { kind: 'cancelled', message: 'cancelled', attempts: 0 };

/**
 * Spreads a job's requests over its servers. Each server takes up to its concurrency at once and a
 * request waits for the first free slot on any server it has not tried, so a server twice as fast
 * frees its slots twice as often and gets twice the images: no speed estimate to go stale. With one
 * server this is a plain concurrency limit, and its failures reach the job as they always did.
 */
export class EndpointPool {
  private readonly lanes: Lane[];
  private waiters: Array<() => void> = [];
  private readonly startedAt = Date.now();

  /**
   * `signal`: the job's; once it aborts, requests waiting for a slot give up (one listener here, not
   * one per waiting request). `onRetire` hears the one line that says a server was taken out.
   */
  constructor(
    endpoints: readonly PoolEndpoint[],
    private readonly opts: { signal?: AbortSignal; onRetire?: (line: string) => void } = {},
  ) {
    this.lanes = endpoints.map((e) => ({ ...e, busy: 0, answered: 0, failed: 0, streak: 0, retired: null }));
    opts.signal?.addEventListener('abort', () => this.wake(), { once: true });
  }

  /** The most requests in flight over all servers (bounds how many images are encoded ahead). */
  get capacity(): number {
    return this.lanes.reduce((n, l) => n + l.concurrency, 0);
  }

  /**
   * One request on the first free server; moved to another one when the server fails as a server
   * (MOVES, DEAD) and another live server is left that this request has not tried. Never throws.
   */
  async describe(req: DescribeRequest): Promise<Result<LlmAnswer, LlmError>> {
    const tried = new Set<Lane>();
    let last: LlmError | null = null;
    for (;;) {
      const lane = await this.acquire(tried, req.signal);
      if (!lane) return { ok: false, error: last ?? CANCELLED };
      tried.add(lane);
      let result: Result<LlmAnswer, LlmError>;
      try {
        result = await lane.client.describe(req);
      } finally {
        this.release(lane);
      }
      if (result.ok) {
        lane.answered++;
        lane.streak = 0;
        return result;
      }
      const kind = result.error.kind;
      if (kind === 'cancelled' || !(MOVES.has(kind) || DEAD.has(kind))) {
        // The server answered: whatever the answer was, it is alive.
        if (kind !== 'cancelled') lane.streak = 0;
        return result;
      }
      lane.failed++;
      lane.streak++;
      last = result.error;
      if ((DEAD.has(kind) || lane.streak >= RETIRE_AFTER) && this.live().length > 1) this.retireLane(lane, result.error.message);
      if (!this.live().some((l) => !tried.has(l))) return result;
    }
  }

  /** Takes a server out of the job before it starts (it said it cannot see images). */
  retire(index: number, reason: string): void {
    const lane = this.lanes[index];
    if (lane) this.retireLane(lane, reason);
  }

  private retireLane(lane: Lane, reason: string): void {
    if (lane.retired !== null) return;
    // LLM errors start with the server's name, which the line already gives.
    lane.retired = reason.startsWith(`${lane.name}: `) ? reason.slice(lane.name.length + 2) : reason;
    this.opts.onRetire?.(`${lane.name} retired for this job: ${lane.retired}`);
    // Requests waiting only for this server must look again (and give up if nothing is left).
    this.wake();
  }

  stats(now: number = Date.now()): EndpointStats[] {
    const minutes = Math.max(now - this.startedAt, 1) / 60_000;
    return this.lanes.map((l) => ({
      name: l.name,
      baseUrl: l.baseUrl,
      model: l.model,
      concurrency: l.concurrency,
      active: l.busy,
      answered: l.answered,
      failed: l.failed,
      perMinute: Math.round((l.answered / minutes) * 10) / 10,
      retired: l.retired,
    }));
  }

  private live(): Lane[] {
    return this.lanes.filter((l) => l.retired === null);
  }

  /** A free slot on a live server not yet tried; null when none is left to try or the signal aborted. */
  private async acquire(tried: ReadonlySet<Lane>, signal: AbortSignal | undefined): Promise<Lane | null> {
    for (;;) {
      if (signal?.aborted || this.opts.signal?.aborted) return null;
      const candidates = this.live().filter((l) => !tried.has(l));
      if (candidates.length === 0) return null;
      // The least loaded for its size: at the start every server gets work before any gets a second.
      const free = candidates.filter((l) => l.busy < l.concurrency).sort((a, b) => a.busy / a.concurrency - b.busy / b.concurrency)[0];
      if (free) {
        free.busy++;
        return free;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private release(lane: Lane): void {
    lane.busy--;
    this.wake();
  }

  /** Every waiter looks again, in the order they came; those that find nothing free wait anew. */
  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
