import fs from 'node:fs';
import { llmServers, type AutoCaptionSettings } from '../../shared/autocaption/config.ts';
import type { TaggerDevice } from '../../shared/autocaption/device.ts';
import { shardLabel, type Shard } from '../../shared/autocaption/shard.ts';
import type { EndpointStats, JobSnapshot } from '../../shared/contract/jobs.ts';
import { AutoCaptionJob, type JobHost } from '../core/autocaption/job.ts';
import { loadJobRecord, type JobRecord } from '../core/autocaption/record.ts';
import { createJobServices } from '../core/autocaption/services.ts';
import { defaultConfigFile } from '../core/config/config-path.ts';
import { isTrustedUrl, rememberConfirmation } from '../core/config/llm-config.ts';
import type { ApplyResult, Change, Dataset } from '../core/dataset/dataset.ts';
import type { AppError, Result } from '../../shared/result.ts';
import { CliError } from './errors.ts';
import { progressBar } from './progress.ts';

/**
 * Runs one auto-caption job in the foreground with a progress bar, then prints what happened.
 * Interrupted (Ctrl-C, a crash, a dead LLM server), the job keeps its results in the dataset's
 * .tagsmith/ folder; the same command run again resumes it and does not redo finished images.
 */
export async function runJobFromCli(
  dataset: Dataset,
  ids: readonly string[],
  settings: AutoCaptionSettings,
  prompt: Partial<JobRecord['prompt']>,
  /**
   * `device`: `--device`, for this run only; default the per-user config file's. `typedLlmUrl`: the
   * `--llm` typed on this command line; without it the URL in `settings` came with the dataset.
   * `shard`: `--shard i/n`, `ids` being that shard's images.
   */
  opts: { restart: boolean; typedLlmUrl?: string; typedExtraUrls?: readonly string[]; device?: TaggerDevice; shard?: Shard },
): Promise<void> {
  const typedUrl = settings.useLlm ? opts.typedLlmUrl : undefined;
  // Every server the job sends images to: typed on this command line, or confirmed like the dataset's own.
  const typed = new Set([...(typedUrl !== undefined ? [typedUrl] : []), ...(opts.typedExtraUrls ?? [])]);
  const servers = settings.useLlm ? llmServers(settings.llm) : [];
  for (const s of servers) if (!typed.has(s.baseUrl)) await requireConfirmedUrl(dataset.root, s.baseUrl);
  // A URL typed as --llm is the user's own: the environment's key may go to it (key-binding.ts). The
  // extra servers get only keys configured for their own origins (the per-user config file).
  const services = createJobServices({ backoffMs: envNumber('TAGSMITH_LLM_BACKOFF_MS'), keys: typedUrl ? { typedUrl } : {}, ...(opts.device ? { device: opts.device } : {}) });
  for (const s of servers) if (typed.has(s.baseUrl)) await rememberTypedUrl(dataset.root, s.baseUrl);
  const host: JobHost = { dataset, apply: (label, changes) => applyWaitingForLock(dataset, label, changes) };
  let job = AutoCaptionJob.create(host, services, ids, settings, prompt, opts.shard ? { shard: opts.shard } : {});
  const saved = await loadJobRecord(dataset.root, opts.shard);
  const which = opts.shard ? ` (${shardLabel(opts.shard)})` : '';
  if (saved.problem) process.stderr.write(`tagsmith: ${saved.problem}\n`);
  const record = saved.record;
  if (record && (record.state === 'running' || record.state === 'paused')) {
    const previous = AutoCaptionJob.restore(host, services, record);
    const done = previous.snapshot();
    if (samePlan(previous.plan, job.plan)) {
      job = previous;
      process.stderr.write(`tagsmith: resuming an unfinished job${which}: ${done.done} of ${done.total} images already done\n`);
    } else if (!opts.restart) {
      await services.close();
      throw new CliError(`an unfinished auto-caption job${which} with other settings is saved in this dataset (${done.done} of ${done.total} images done); run its command again to resume it, or pass --restart to discard it`);
    }
  }

  const progress = await progressBar();
  let deviceSaid = false;
  const retiredSaid = new Set<string>();
  job.onChange((s) => {
    // One line per server taken out of the job, when it happens.
    for (const e of s.endpoints ?? []) {
      if (e.retired === null || retiredSaid.has(e.baseUrl)) continue;
      retiredSaid.add(e.baseUrl);
      process.stderr.write(`tagsmith: ${e.name} retired for this job: ${e.retired}\n`);
    }
    // Said once, as soon as the model is loaded: where the tagger runs when that is not what was asked.
    if (!deviceSaid && s.tagger) {
      deviceSaid = true;
      if (s.tagger.note) process.stderr.write(`tagsmith: ${s.tagger.note}\n`);
    }
    if (s.download) progress({ phase: `downloading ${s.download.file}`, done: s.download.bytes, total: s.download.total ?? s.download.bytes });
    else if (s.state === 'running') progress({ phase: 'captioning', done: s.done + s.failed, total: s.total });
  });
  const stop = () => job.cancel();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let final: JobSnapshot;
  try {
    final = await job.run();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    progress.stop();
    await services.close();
  }
  report(final);
}

function report(s: JobSnapshot): void {
  for (const f of s.failures) process.stderr.write(`failed: ${f.id} (${f.stage}): ${f.message}\n`);
  // With several servers, how each did: worth knowing before the next 100,000 images.
  if ((s.endpoints?.length ?? 0) > 1) for (const e of s.endpoints!) process.stderr.write(`${endpointLine(e)}\n`);
  for (const n of s.notes) process.stderr.write(`note: ${n.id}: ${n.message}\n`);
  if (s.state === 'failed') throw new CliError(s.message);
  if (s.state !== 'finished') throw new CliError(`${s.message}; run the same command again to resume`);
  const parts = [`${s.written} caption${s.written === 1 ? '' : 's'} written`];
  if (s.unchanged) parts.push(`${s.unchanged} unchanged`);
  if (s.skipped) parts.push(`${s.skipped} skipped (already captioned; --mode append or replace to include them)`);
  if (s.failed) parts.push(`${s.failed} failed`);
  const undo = s.entry ? ` (journal entry ${s.entry.id}; undo with: tagsmith undo)` : '';
  process.stdout.write(`${parts.join(', ')}${undo}\n`);
  if (s.failed > 0) throw new CliError(`${s.failed} of ${s.total} images failed; their captions were not touched (run the command again to retry them)`);
}

/** One server's share of the run: `vLLM at http://gpu2:8000/v1: 812 answers (41.5/min), 3 failed, retired`. */
export function endpointLine(e: EndpointStats): string {
  const failed = e.failed ? `, ${e.failed} failed` : '';
  return `server ${e.name}: ${e.answered} answer${e.answered === 1 ? '' : 's'} (${e.perMinute}/min)${failed}${e.retired !== null ? ', retired' : ''}`;
}

/** How long a finished job waits for another process's lock before it pauses instead (its results kept). */
const LOCK_PATIENCE_MS = 30 * 60_000;

/**
 * Writes the job's captions, waiting while another process holds the dataset lock. Shards of one run
 * on one folder often finish together, and each holds the lock only while it writes its own entry:
 * a job must not pause (and exit 1) after hours of work because its neighbour is writing. Bounded,
 * so a lock left on a share by a hung machine still ends the run, with the job resumable.
 */
async function applyWaitingForLock(dataset: Dataset, label: string, changes: Change[]): Promise<Result<ApplyResult, AppError>> {
  const deadline = Date.now() + LOCK_PATIENCE_MS;
  let said = false;
  for (;;) {
    const applied = await dataset.applyChanges(label, changes);
    if (applied.ok || applied.error.kind !== 'locked' || Date.now() >= deadline) return applied;
    if (!said) process.stderr.write(`tagsmith: waiting to write the captions: ${applied.error.message}\n`);
    said = true;
    // Jittered, so shards waiting together do not keep colliding.
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
  }
}

/**
 * A URL from the dataset's settings (not typed on this command line) gets images only when this user
 * trusts it for this dataset, as in the editor (config/llm-config.ts): a shared dataset folder must not
 * be able to send its images, or anything else, to a server of its choosing.
 */
async function requireConfirmedUrl(root: string, url: string): Promise<void> {
  const file = defaultConfigFile();
  const real = await fs.promises.realpath(root).catch(() => root);
  if (await isTrustedUrl(file, real, url, { configFile: file })) return;
  throw new CliError(`nothing sent: the LLM server URL ${url.trim()} came with this dataset (.tagsmith/settings.json) and is not confirmed on this machine; pass it with --llm to use it, or confirm it in the editor's Auto-caption dialog`);
}

/**
 * Typed here, the URL counts as confirmed for this dataset: the editor may then resume this job
 * without asking. A config file that cannot take it costs only that, so it is a warning.
 */
async function rememberTypedUrl(root: string, url: string): Promise<void> {
  const file = defaultConfigFile();
  const real = await fs.promises.realpath(root).catch(() => root);
  if (await isTrustedUrl(file, real, url, { configFile: file })) return;
  const saved = await rememberConfirmation(file, real, url);
  if (!saved.ok) process.stderr.write(`tagsmith: warning: ${url} is not remembered as confirmed for this dataset: ${saved.error.message}\n`);
}

function samePlan(a: AutoCaptionJob['plan'], b: AutoCaptionJob['plan']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function envNumber(name: string): number | undefined {
  const n = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(n) ? n : undefined;
}
