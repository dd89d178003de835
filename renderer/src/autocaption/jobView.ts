import type { HistoryInfo, JobSnapshot } from '../../../shared/contract/index.ts';

/*
 * What the job panel offers in each state, and whether a new job may start. Pure: the panel renders
 * the list, the tests pin the rules (e.g. undo only while the job's entry is the head of history).
 */

export type JobButton = 'cancel' | 'resume' | 'commit' | 'accept' | 'discard' | 'undo' | 'retryFailed' | 'dismiss';

export const BUTTON_LABELS: Readonly<Record<JobButton, string>> = {
  cancel: 'Cancel',
  resume: 'Resume',
  commit: 'Save finished results',
  accept: 'Accept',
  discard: 'Discard',
  undo: 'Undo',
  retryFailed: 'Retry failed',
  dismiss: 'Dismiss',
};

/** True when undo would reverse exactly this job's write: its entry is the last applied one. */
export function canUndoJob(job: Pick<JobSnapshot, 'entry'>, history: Pick<HistoryInfo, 'head' | 'canUndo'>): boolean {
  return job.entry !== null && job.entry.applied && history.canUndo && history.head === job.entry.seq;
}

export function jobButtons(job: JobSnapshot, history: Pick<HistoryInfo, 'head' | 'canUndo'>): JobButton[] {
  switch (job.state) {
    case 'preparing':
    case 'running':
      return ['cancel'];
    case 'cancelling':
      return [];
    case 'paused':
      // A review job's results are written only as the proposal the user accepts.
      if (job.review) return job.proposal ? ['accept', 'discard'] : ['resume', 'discard'];
      return ['resume', 'commit', 'discard'];
    case 'finished': {
      const buttons: JobButton[] = [];
      if (canUndoJob(job, history)) buttons.push('undo');
      if (job.failures.length > 0) buttons.push('retryFailed');
      buttons.push('dismiss');
      return buttons;
    }
    case 'failed':
      return ['dismiss'];
  }
}

/** Why a new job cannot start now (the backend refuses one while another runs or waits), or null. */
export function startBlocker(job: Pick<JobSnapshot, 'state' | 'proposal'> | null): string | null {
  if (!job) return null;
  switch (job.state) {
    case 'preparing':
    case 'running':
    case 'cancelling':
      return 'An auto-caption job is running: wait for it or cancel it first.';
    case 'paused':
      return job.proposal
        ? 'A re-caption is waiting for Accept or Discard in the job panel.'
        : 'A paused auto-caption job is waiting: resume it, save its results or discard it first.';
    default:
      return null;
  }
}
