import fs from 'node:fs';
import type { AutoCaptionSettings } from '../../shared/autocaption/config.ts';
import type { TaggerDevice } from '../../shared/autocaption/device.ts';
import type { JobSnapshot } from '../../shared/contract/jobs.ts';
import { AutoCaptionJob, type JobHost } from '../core/autocaption/job.ts';
import { loadJobRecord, type JobRecord } from '../core/autocaption/record.ts';
import { createJobServices } from '../core/autocaption/services.ts';
import { defaultConfigFile } from '../core/config/config-path.ts';
import { isTrustedUrl, rememberConfirmation } from '../core/config/llm-config.ts';
import type { Dataset } from '../core/dataset/dataset.ts';
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
  /** `device`: `--device`, for this run only; default the per-user config file's. */
  opts: { restart: boolean; typedLlmUrl?: string; device?: TaggerDevice },
): Promise<void> {
  const typedUrl = settings.useLlm ? opts.typedLlmUrl : undefined;
  // A URL typed on this command line is the user's own: the environment's key may go to it (key-binding.ts).
  const services = createJobServices({ backoffMs: envNumber('TAGSMITH_LLM_BACKOFF_MS'), keys: typedUrl ? { typedUrl } : {}, ...(opts.device ? { device: opts.device } : {}) });
  if (typedUrl) await rememberTypedUrl(dataset.root, typedUrl);
  const host: JobHost = { dataset, apply: (label, changes) => dataset.applyChanges(label, changes) };
  let job = AutoCaptionJob.create(host, services, ids, settings, prompt);
  const saved = await loadJobRecord(dataset.root);
  if (saved.problem) process.stderr.write(`tagsmith: ${saved.problem}\n`);
  const record = saved.record;
  if (record && (record.state === 'running' || record.state === 'paused')) {
    const previous = AutoCaptionJob.restore(host, services, record);
    const done = previous.snapshot();
    if (samePlan(previous.plan, job.plan)) {
      job = previous;
      process.stderr.write(`tagsmith: resuming an unfinished job: ${done.done} of ${done.total} images already done\n`);
    } else if (!opts.restart) {
      await services.close();
      throw new CliError(`an unfinished auto-caption job with other settings is saved in this dataset (${done.done} of ${done.total} images done); run its command again to resume it, or pass --restart to discard it`);
    }
  }

  const progress = await progressBar();
  let deviceSaid = false;
  job.onChange((s) => {
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
