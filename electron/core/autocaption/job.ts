import { randomUUID } from 'node:crypto';
import { llmServers, type AutoCaptionSettings } from '../../../shared/autocaption/config.ts';
import { DEVICE_LABELS, type TaggerDevice, type TaggerProvider } from '../../../shared/autocaption/device.ts';
import { jobTakes } from '../../../shared/autocaption/needs-caption.ts';
import { shardLabel, type Shard } from '../../../shared/autocaption/shard.ts';
import { parseCaption, type CaptionDoc } from '../../../shared/caption/index.ts';
import type { JobFailure, JobProposal, JobSnapshot, JobState } from '../../../shared/contract/jobs.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import type { ApplyResult, Change, Dataset, ImageRecord } from '../dataset/dataset.ts';
import { endpointFor } from '../llm/client.ts';
import { serverName } from '../llm/errors.ts';
import type { TaggerModelInfo } from '../tagger/service.ts';
import { firstLine } from '../workers/protocol.ts';
import { EndpointPool } from './endpoint-pool.ts';
import { mergeResults, type MergedResults } from './merge-results.ts';
import { runPipeline, type Stage } from './pipeline.ts';
import { RecordSaver, type ImageResult, type JobRecord } from './record.ts';
import type { JobServices } from './services.ts';

export interface JobHost {
  dataset: Dataset;
  /** Writes the job's results as one journal entry (the session also tells every client). */
  apply(label: string, changes: Change[]): Promise<Result<ApplyResult, AppError>>;
}

export type JobListener = (snapshot: JobSnapshot) => void;

/**
 * One auto-caption job over a dataset: prepare (model on disk and loaded) -> tag and describe every
 * image (pipeline.ts) -> write all results as one journal entry. Results live in the job record until
 * then, so a cancelled or interrupted job resumes where it stopped and nothing is half-written.
 */
export class AutoCaptionJob {
  private current: JobState;
  private message: string;
  private readonly active = new Set<string>();
  /** Ids in record.failures, for constant-time checks. */
  private readonly failed = new Set<string>();
  private download: JobSnapshot['download'] = null;
  /** Where this run's tagger session runs, once loaded. */
  private taggerOn: { device: TaggerDevice; provider: TaggerProvider; note: string | null } | null = null;
  private abort: AbortController | null = null;
  private stopReason: string | null = null;
  private readonly saver: RecordSaver;
  private readonly listeners = new Set<JobListener>();
  private pace: { startMs: number; startDone: number } | null = null;
  private emitTimer: NodeJS.Timeout | null = null;
  private running: Promise<JobSnapshot> | null = null;
  /** This run's LLM servers and how each is doing; null before the LLM is prepared or without one. */
  private pool: EndpointPool | null = null;

  private constructor(
    private readonly host: JobHost,
    private readonly services: JobServices,
    private readonly record: JobRecord,
  ) {
    this.saver = new RecordSaver(host.dataset.root);
    for (const f of record.failures) this.failed.add(f.id);
    const interrupted = record.state === 'running';
    this.current = interrupted ? 'paused' : record.state;
    this.message = interrupted ? `interrupted before it finished; ${this.progressLine()}` : record.message;
  }

  /**
   * Plans a new job over `ids` (already resolved from the target). Skip mode leaves out images that
   * have a caption, by the same rule the dialog counts with (shared/autocaption/needs-caption.ts).
   * `review`: the results wait for commit (Accept) or discard instead of being written at the end.
   * `shard`: `ids` are one shard of a sharded run; the record and the journal entry say which.
   */
  static create(
    host: JobHost,
    services: JobServices,
    ids: readonly string[],
    settings: AutoCaptionSettings,
    prompt?: Partial<JobRecord['prompt']>,
    opts: { review?: boolean; shard?: Shard } = {},
  ): AutoCaptionJob {
    const ds = host.dataset.settings();
    const chosen = ids.filter((id) => jobTakes(settings.mode, docOf(host.dataset.image(id)), ds.triggerWords));
    const record: JobRecord = {
      version: 1,
      id: randomUUID(),
      createdAt: new Date().toISOString(),
      settings,
      prompt: { focus: ds.focus, context: ds.context, sentences: ds.sentences, ...prompt },
      ids: chosen,
      skipped: ids.length - chosen.length,
      results: {},
      failures: [],
      state: 'paused',
      message: 'not started',
      entry: null,
      written: 0,
      unchanged: 0,
      review: opts.review ?? false,
      proposal: null,
      ...(opts.shard ? { shard: { index: opts.shard.index, count: opts.shard.count } } : {}),
    };
    return new AutoCaptionJob(host, services, record);
  }

  /** A job found on disk at open: a running one was interrupted and comes back paused. */
  static restore(host: JobHost, services: JobServices, record: JobRecord): AutoCaptionJob {
    return new AutoCaptionJob(host, services, record);
  }

  get id(): string {
    return this.record.id;
  }

  /** What the job was asked to do, to tell whether a saved job is the one a command asks for again. */
  get plan(): Pick<JobRecord, 'settings' | 'prompt' | 'ids' | 'review' | 'shard'> {
    const { settings, prompt, ids, review, shard } = this.record;
    return { settings, prompt, ids, review, ...(shard ? { shard } : {}) };
  }

  get state(): JobState {
    return this.current;
  }

  isBusy(): boolean {
    return this.current === 'preparing' || this.current === 'running' || this.current === 'cancelling';
  }

  onChange(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): JobSnapshot {
    const r = this.record;
    const done = r.ids.filter((id) => this.complete(id)).length;
    return {
      id: r.id,
      rev: nextRev(),
      state: this.current,
      message: this.message,
      mode: r.settings.mode,
      total: r.ids.length,
      done,
      failed: r.failures.length,
      skipped: r.skipped,
      tagged: r.ids.filter((id) => r.results[id]?.tags !== undefined).length,
      described: r.ids.filter((id) => r.results[id]?.sentences !== undefined).length,
      active: [...this.active],
      failures: r.failures,
      notes: r.ids.flatMap((id) => (r.results[id]?.note ? [{ id, message: r.results[id]!.note! }] : [])),
      startedAt: r.createdAt,
      etaMs: this.eta(done),
      download: this.download,
      entry: r.entry,
      written: r.written,
      unchanged: r.unchanged,
      review: r.review,
      proposal: r.proposal,
      ...(this.taggerOn ? { tagger: { provider: this.taggerOn.provider, note: this.taggerOn.note } } : {}),
      ...(this.pool ? { endpoints: this.pool.stats() } : {}),
    };
  }

  /**
   * Runs (or resumes) the job to its end: 'finished' with the results written, 'paused' when cancelled
   * or stopped by a server problem, 'failed' when it could not start. Never rejects.
   */
  run(opts: { retryFailed?: boolean } = {}): Promise<JobSnapshot> {
    if (this.running) return this.running;
    if (this.current === 'finished' || this.current === 'failed') return Promise.resolve(this.snapshot());
    this.running = this.execute(opts).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the job; finished images keep their results (resume, commit or discard later). */
  cancel(): void {
    if (!this.isBusy()) return;
    this.setState('cancelling', 'stopping: waiting for requests in flight');
    this.abort?.abort();
  }

  /**
   * Writes the results so far of a paused job as one journal entry. A review job with a proposal
   * writes exactly the proposal (what the user accepted), not a fresh merge.
   */
  async commit(): Promise<JobSnapshot> {
    if (this.current !== 'paused') return this.snapshot();
    const proposal = this.record.proposal;
    if (proposal) await this.finish(proposal.map(toChange), new Map(proposal.map((p) => [p.captionPath, p.id])), this.record.unchanged);
    else await this.write();
    return this.snapshot();
  }

  private async execute(opts: { retryFailed?: boolean }): Promise<JobSnapshot> {
    if (opts.retryFailed) {
      // Failed images lost only the stage that failed; a retry redoes it (tags already found are kept).
      this.record.failures = [];
      this.failed.clear();
    }
    const failedIds = new Set(this.failed);
    // A proposal belongs to the results it was merged from; a resumed job proposes again when done.
    this.record.proposal = null;
    this.abort = new AbortController();
    this.stopReason = null;
    this.download = null;
    this.pool = null;
    this.setState('preparing', 'preparing');
    try {
      const tagger = await this.prepareTagger();
      if (!tagger.ok) return await this.halt(tagger.error.message);
      const llm = await this.prepareLlm();
      if (llm && !llm.ok) return await this.halt(llm.error);
      const client = llm?.value ?? null;
      if (!tagger.value && !client) return await this.halt('nothing to do: the job has neither a tagger nor a vision LLM');
      if (this.abort.signal.aborted) return await this.pause('cancelled');

      this.record.state = 'running';
      await this.saver.flush(this.record);
      this.pace = { startMs: Date.now(), startDone: this.snapshot().done };
      this.setState('running', runningLine(this.taggerOn));
      await runPipeline({
        root: this.host.dataset.root,
        ids: this.record.ids.filter((id) => !failedIds.has(id)),
        results: this.record.results,
        settings: this.record.settings,
        prompt: this.record.prompt,
        triggerWords: this.host.dataset.settings().triggerWords,
        tagger: tagger.value ? { service: this.services.tagger, model: tagger.value, device: this.taggerOn?.device ?? 'auto' } : null,
        llm: client,
        encodeImage: this.services.encodeImage,
        signal: this.abort.signal,
        events: {
          active: (id, on) => {
            if (on) this.active.add(id);
            else this.active.delete(id);
            this.changed();
          },
          tagged: (id, tags) => this.result(id, { tags }),
          described: (id, sentences, note) => this.result(id, note ? { sentences, note } : { sentences }),
          failed: (id, stage, message) => this.fail(id, stage, message),
        },
        stop: (reason) => {
          this.stopReason ??= reason;
          this.abort?.abort();
        },
      });
      this.active.clear();
      if (this.stopReason) return await this.pause(`stopped: ${this.stopReason}`);
      if (this.abort.signal.aborted) return await this.pause('cancelled');
      if (this.record.review) await this.propose();
      else await this.write();
      return this.snapshot();
    } catch (e) {
      return await this.halt(`auto-caption stopped: ${firstLine(e instanceof Error ? e.message : String(e))}`);
    } finally {
      this.abort = null;
    }
  }

  private async prepareTagger(): Promise<Result<TaggerModelInfo | null, AppError>> {
    const s = this.record.settings;
    if (!s.useTagger) return { ok: true, value: null };
    const resolved = await this.services.resolveModel(s.tagger.model, {
      signal: this.abort?.signal,
      onProgress: (p) => {
        this.download = p;
        this.setState('preparing', `downloading ${p.file}`);
      },
    });
    this.download = null;
    if (!resolved.ok) return resolved;
    const device = await this.services.taggerDevice();
    this.setState('preparing', `loading the tagger model (device: ${device})`);
    const loaded = await this.services.tagger.load(resolved.value.dir, { device });
    if (loaded.ok) this.taggerOn = { device, provider: loaded.value.provider, note: loaded.value.providerNote };
    return loaded;
  }

  /**
   * The LLM servers, once each has been asked whether it can see images at all: a server started
   * without its vision projector would fail every image alike. With one server the job fails at once
   * with the line that says how to start it; with several, that server is retired and the rest work.
   * A server that does not tell gets the benefit of the doubt.
   */
  private async prepareLlm(): Promise<Result<EndpointPool, string> | null> {
    const { llm, useLlm } = this.record.settings;
    if (!useLlm) return null;
    const servers = await Promise.all(llmServers(llm).map(async (server) => {
      // Each URL gets only the key configured for its own origin (key-binding.ts).
      const endpoint = endpointFor({ ...llm, ...server }, await this.services.apiKeyFor(server.baseUrl));
      return { endpoint, concurrency: server.concurrency, client: this.services.createClient(endpoint) };
    }));
    this.setState('preparing', servers.length === 1 ? 'asking the LLM server whether it takes images' : `asking the ${servers.length} LLM servers whether they take images`);
    const visions = await Promise.all(servers.map((s) => s.client.vision(this.abort?.signal)));
    const blind = visions.map((v, i) => (v.vision === false ? `${serverName(servers[i]!.endpoint)}: ${v.message}` : null));
    if (blind.every((line) => line !== null)) return { ok: false, error: blind[0]! };
    const pool = new EndpointPool(
      servers.map((s) => ({ name: serverName(s.endpoint), baseUrl: s.endpoint.baseUrl, model: s.endpoint.model, concurrency: s.concurrency, client: s.client })),
      { ...(this.abort ? { signal: this.abort.signal } : {}), onRetire: () => this.emitNow() },
    );
    visions.forEach((v, i) => {
      if (v.vision === false) pool.retire(i, v.message);
    });
    this.pool = pool;
    return { ok: true, value: pool };
  }

  // The record is updated in place (a 10,000-image job must not copy its results per image); the saver
  // serialises whatever it holds when it writes.
  private result(id: string, patch: ImageResult): void {
    this.record.results[id] = { ...this.record.results[id], ...patch };
    this.saver.schedule(this.record);
    this.changed();
  }

  private fail(id: string, stage: Stage, message: string): void {
    if (this.failed.has(id)) return;
    const failure: JobFailure = { id, stage, message };
    this.failed.add(id);
    this.record.failures.push(failure);
    this.saver.schedule(this.record);
    this.changed();
  }

  /** An image is complete when every stage the job runs has its result and it did not fail. */
  private complete(id: string): boolean {
    const s = this.record.settings;
    const r = this.record.results[id];
    if (!r || this.failed.has(id)) return false;
    return (!s.useTagger || r.tags !== undefined) && (!s.useLlm || r.sentences !== undefined);
  }

  /** Every complete result merged into its caption as it is now (nothing written). */
  private merge(): MergedResults {
    const complete = this.record.ids.filter((id) => this.complete(id));
    const merged = mergeResults(this.host.dataset, complete, this.record.results, this.record.settings.mode);
    for (const r of merged.refused) this.fail(r.id, 'merge', r.message);
    return merged;
  }

  /** Merges every complete result into its caption and writes them all as one journal entry. */
  private async write(): Promise<void> {
    this.setState('running', 'writing captions');
    const { changes, imageOf, unchanged } = this.merge();
    await this.finish(changes, imageOf, unchanged);
  }

  /**
   * A review job stops before writing: the merged captions become the proposal, and the job waits
   * paused for commit (Accept) or discard. With nothing to change it simply finishes.
   */
  private async propose(): Promise<void> {
    const { changes, imageOf, unchanged } = this.merge();
    if (changes.length === 0) return this.finish(changes, imageOf, unchanged);
    this.record.proposal = changes.map((c) => ({ id: imageOf.get(c.captionRelPath) ?? c.captionRelPath, captionPath: c.captionRelPath, before: c.before, after: c.after ?? '' }));
    this.record.unchanged = unchanged;
    const n = changes.length;
    const message = `${n === 1 ? 'the new caption is' : `${n} new captions are`} ready: accept to write, or discard`;
    Object.assign(this.record, { state: 'paused', message });
    await this.saver.flush(this.record);
    this.setState('paused', message);
  }

  /** Writes `changes` as one journal entry and finishes the job. */
  private async finish(changes: Change[], imageOf: ReadonlyMap<string, string>, unchanged: number): Promise<void> {
    let entry = null;
    let written = 0;
    if (changes.length > 0) {
      const applied = await this.host.apply(jobLabel(this.record.settings, changes.length, this.record.shard), changes);
      if (!applied.ok) {
        await this.pause(`could not write the captions: ${applied.error.message}`);
        return;
      }
      entry = applied.value.entry;
      written = applied.value.written;
      for (const c of applied.value.conflicts) this.fail(imageOf.get(c.path) ?? c.path, 'merge', c.reason);
    }
    const failed = this.record.failures.length;
    const message = `${written} caption${written === 1 ? '' : 's'} written${unchanged ? `, ${unchanged} unchanged` : ''}${failed ? `, ${failed} failed` : ''}`;
    Object.assign(this.record, { state: 'finished', message, entry, written, unchanged, proposal: null });
    await this.saver.flush(this.record);
    this.setState('finished', message);
  }

  private async pause(message: string): Promise<JobSnapshot> {
    this.active.clear();
    const full = `${message}; ${this.progressLine()}`;
    Object.assign(this.record, { state: 'paused', message: full });
    await this.saver.flush(this.record).catch(() => undefined);
    this.setState('paused', full);
    return this.snapshot();
  }

  /** Could not run: a job with results so far stays resumable; one without any simply failed. */
  private async halt(message: string): Promise<JobSnapshot> {
    if (Object.keys(this.record.results).length > 0) return this.pause(message);
    this.active.clear();
    Object.assign(this.record, { state: 'failed', message });
    await this.saver.flush(this.record).catch(() => undefined);
    this.setState('failed', message);
    return this.snapshot();
  }

  private progressLine(): string {
    const s = this.snapshot();
    return `${s.done} of ${s.total} images done${s.failed ? `, ${s.failed} failed` : ''}`;
  }

  private eta(done: number): number | null {
    if (!this.pace || this.current !== 'running') return null;
    const finished = done + this.record.failures.length - this.pace.startDone;
    const left = this.record.ids.length - done - this.record.failures.length;
    if (finished <= 0 || left < 0) return null;
    return Math.round(((Date.now() - this.pace.startMs) / finished) * left);
  }

  private setState(state: JobState, message: string): void {
    this.current = state;
    this.message = message;
    this.emitNow();
  }

  /** Progress events at most every 200 ms; state changes go out at once. */
  private changed(): void {
    if (this.emitTimer) return;
    this.emitTimer = setTimeout(() => this.emitNow(), 200);
  }

  private emitNow(): void {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    if (this.listeners.size === 0) return;
    const snap = this.snapshot();
    for (const listener of this.listeners) listener(snap);
  }
}

// Snapshot revisions: taken in order in this single-threaded process, and started from the clock
// so a restarted server's snapshots still rank after those a client kept from before.
let lastRev = Date.now() * 1000;
const nextRev = (): number => ++lastRev;

/** The caption as the renderer parses it (store/dataset.ts), so both sides judge the same document. */
function docOf(rec: ImageRecord | undefined): CaptionDoc | null {
  return rec?.caption ? parseCaption(rec.caption.text) : null;
}

const toChange = (p: JobProposal): Change => ({ captionRelPath: p.captionPath, before: p.before, after: p.after });

/** The journal entry's label, e.g. `Auto-caption 12 images (replace, shard 2/3)`: history tells shards apart. */
export function jobLabel(settings: AutoCaptionSettings, n: number, shard?: Shard): string {
  const what = settings.useLlm ? 'Auto-caption' : 'Auto-tag';
  const notes = [...(settings.mode === 'skip' ? [] : [settings.mode]), ...(shard ? [shardLabel(shard)] : [])];
  return `${what} ${n} image${n === 1 ? '' : 's'}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/** The running line names a GPU, and says in one line why the CPU took over from the device asked for. */
function runningLine(on: { provider: TaggerProvider; note: string | null } | null): string {
  if (!on) return 'running';
  if (on.note) return `running; ${on.note}`;
  return on.provider === 'cpu' ? 'running' : `running; tagger on ${DEVICE_LABELS[on.provider]}`;
}
