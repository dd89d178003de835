import { llmServers, type AutoCaptionSettings } from '../../../shared/autocaption/config.ts';
import type { JobSnapshot } from '../../../shared/contract/jobs.ts';
import { err, ok, type AppError, type Result } from '../../../shared/result.ts';
import { AutoCaptionJob, type JobHost } from './job.ts';
import { deleteJobRecord, loadJobRecord } from './record.ts';
import type { TaggerModelEntry } from '../models/resolve.ts';
import type { JobServices } from './services.ts';

/**
 * The one auto-caption job of an open dataset, for the app (the CLI runs a job directly). A job found
 * on disk at first use is restored, so a job interrupted by a crash or a restart shows as paused with
 * its results kept. Jobs run in the background; every change goes to `emit`.
 */
export class JobManager {
  private job: AutoCaptionJob | null = null;
  private loading: Promise<void> | null = null;
  private problem: string | null = null;

  constructor(
    private readonly host: JobHost,
    private readonly services: JobServices,
    private readonly emit: (snapshot: JobSnapshot) => void,
  ) {}

  /** A saved job that could not be read (one line), reported once by the caller. */
  loadProblem(): string | null {
    return this.problem;
  }

  async get(): Promise<JobSnapshot | null> {
    await this.load();
    return this.job?.snapshot() ?? null;
  }

  /** Starts a new job over `ids`. Refused while another job runs or waits paused. `review`: see AutoCaptionJob.create. */
  async start(ids: readonly string[], settings: AutoCaptionSettings, opts: { review?: boolean } = {}): Promise<Result<JobSnapshot, AppError>> {
    await this.load();
    const current = this.job;
    if (current?.isBusy()) return err({ kind: 'job-busy', message: 'an auto-caption job is already running; cancel it first' });
    if (current?.state === 'paused') {
      return err({ kind: 'job-paused', message: 'a paused auto-caption job is waiting: resume it, save what it has, or discard it first' });
    }
    if (ids.length === 0) return err({ kind: 'invalid-argument', message: 'no images to caption' });
    this.adopt(AutoCaptionJob.create(this.host, this.services, ids, settings, undefined, opts));
    return ok(this.launch({}));
  }

  /** The known tagger models and where each is on this machine, from the cache this manager's jobs use. */
  listModels(): Promise<TaggerModelEntry[]> {
    return this.services.listModels();
  }

  async cancel(): Promise<JobSnapshot | null> {
    await this.load();
    this.job?.cancel();
    return this.job?.snapshot() ?? null;
  }

  /**
   * The LLM URLs a paused job would send images to when resumed (main server first); none when there
   * is no paused job or it does not use the LLM. A job record lives in the dataset folder, so its URLs
   * are checked like the dataset's own before a resume.
   */
  async pausedLlmUrls(): Promise<string[]> {
    await this.load();
    const job = this.job;
    if (!job || job.state !== 'paused' || !job.plan.settings.useLlm) return [];
    return llmServers(job.plan.settings.llm).map((s) => s.baseUrl);
  }

  async resume(retryFailed: boolean): Promise<Result<JobSnapshot, AppError>> {
    const job = await this.paused();
    if (!job.ok) return job;
    return ok(this.launch({ retryFailed }));
  }

  async commit(): Promise<Result<JobSnapshot, AppError>> {
    const job = await this.paused();
    if (!job.ok) return job;
    return ok(await job.value.commit());
  }

  async discard(): Promise<Result<null, AppError>> {
    await this.load();
    if (this.job?.isBusy()) return err({ kind: 'job-busy', message: 'the auto-caption job is running; cancel it first' });
    this.job = null;
    await deleteJobRecord(this.host.dataset.root);
    return ok(null);
  }

  /** Stops a running job (dataset switch, shutdown) and waits until it has saved its results. */
  async close(): Promise<void> {
    const job = this.job;
    if (!job?.isBusy()) return;
    job.cancel();
    await job.run();
  }

  private launch(opts: { retryFailed?: boolean }): JobSnapshot {
    const job = this.job!;
    // The job reports its own failures in its state; run() never rejects.
    void job.run(opts);
    return job.snapshot();
  }

  private async paused(): Promise<Result<AutoCaptionJob, AppError>> {
    await this.load();
    const job = this.job;
    if (!job || job.state !== 'paused') return err({ kind: 'no-paused-job', message: 'there is no paused auto-caption job' });
    return ok(job);
  }

  private adopt(job: AutoCaptionJob): void {
    this.job = job;
    job.onChange((snapshot) => {
      if (this.job === job) this.emit(snapshot);
    });
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      const { record, problem } = await loadJobRecord(this.host.dataset.root);
      this.problem = problem ?? null;
      if (record && !this.job) this.adopt(AutoCaptionJob.restore(this.host, this.services, record));
    })();
    return this.loading;
  }
}
