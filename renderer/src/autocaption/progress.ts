import type { JobFailure, JobSnapshot, JobState } from '../../../shared/contract/index.ts';

/*
 * The words of the job panel and the grid badges: progress counts, the time left, download sizes and
 * failure reasons. Pure, so the wording is tested once and the components only lay it out.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "about 3 min left": rounded the way people say it; '' while there is no estimate. */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 45_000) return 'less than a minute left';
  if (ms < 90_000) return 'about 1 min left';
  if (ms < 59.5 * MINUTE) return `about ${Math.round(ms / MINUTE)} min left`;
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.round((ms - hours * HOUR) / MINUTE);
  if (minutes === 60) return `about ${hours + 1} h left`;
  return minutes === 0 ? `about ${hours} h left` : `about ${hours} h ${minutes} min left`;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Images finished or failed: the progress bar's value (skipped images are not part of `total`). */
export const processedOf = (job: Pick<JobSnapshot, 'done' | 'failed' | 'total'>): number => Math.min(job.total, job.done + job.failed);

/** "12 of 40 · 3 failed · 5 skipped · about 1 min left" (what was written is the job's own message). */
export function progressSummary(job: JobSnapshot): string {
  const parts = [`${fmt(processedOf(job))} of ${fmt(job.total)}`];
  if (job.failed > 0) parts.push(`${fmt(job.failed)} failed`);
  if (job.skipped > 0) parts.push(`${fmt(job.skipped)} skipped (already captioned)`);
  const eta = job.state === 'running' ? formatEta(job.etaMs) : '';
  if (eta) parts.push(eta);
  return parts.join(' · ');
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

export function formatBytes(bytes: number): string {
  let n = Math.max(0, bytes);
  let unit = 0;
  while (n >= 1000 && unit < UNITS.length - 1) {
    n /= 1000;
    unit++;
  }
  return `${unit === 0 || n >= 100 ? Math.round(n) : n.toFixed(1)} ${UNITS[unit]}`;
}

/** "Downloading model.onnx: 120 MB of 361 MB (33%)". */
export function downloadText(download: NonNullable<JobSnapshot['download']>): string {
  const { file, bytes, total } = download;
  if (total === null || total <= 0) return `Downloading ${file}: ${formatBytes(bytes)}`;
  const pct = Math.min(100, Math.floor((bytes / total) * 100));
  return `Downloading ${file}: ${formatBytes(bytes)} of ${formatBytes(total)} (${pct}%)`;
}

const STAGES: Record<JobFailure['stage'], string> = {
  tag: 'Tagging',
  describe: 'Describing',
  merge: 'Writing the caption',
};


/** "Describing failed: timed out after 120 s" — the badge's tooltip and the failure list's line. */
export const describeFailure = (f: Pick<JobFailure, 'stage' | 'message'>): string => `${STAGES[f.stage]} failed: ${f.message}`;

const STATE_LABELS: Record<JobState, string> = {
  preparing: 'Preparing',
  running: 'Running',
  cancelling: 'Stopping',
  paused: 'Paused',
  finished: 'Finished',
  failed: 'Could not run',
};

export const stateLabel = (state: JobState): string => STATE_LABELS[state];

/** The panel's heading word: a paused review job with a proposal is waiting for the user, not stopped. */
export const jobHeading = (job: Pick<JobSnapshot, 'state' | 'proposal'>): string =>
  job.state === 'paused' && job.proposal ? 'Review the new caption' : stateLabel(job.state);
