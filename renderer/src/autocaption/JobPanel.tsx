import { useState } from 'react';
import type { StoreApi } from 'zustand';
import type { JobSnapshot } from '../../../shared/contract/index.ts';
import { useStore } from '../store/index.ts';
import { shownJob } from '../store/jobs.ts';
import type { Store } from '../store/types.ts';
import './autocaption.css';
import JobDetails from './JobDetails.tsx';
import { cancelJob, commitJob, discardJob, resumeJob, retryFailed, undoJob } from './jobActions.ts';
import { BUTTON_LABELS, jobButtons, type JobButton } from './jobView.ts';
import { downloadText, jobHeading, processedOf, progressSummary } from './progress.ts';
import ReviewProposal from './ReviewProposal.tsx';

const PERFORM: Record<JobButton, (store: StoreApi<Store>) => void | Promise<void>> = {
  cancel: cancelJob,
  resume: resumeJob,
  commit: commitJob,
  // Accept writes the proposal, exactly as shown, as one journal entry.
  accept: commitJob,
  discard: discardJob,
  undo: undoJob,
  retryFailed,
  dismiss: (store) => store.getState().dismissJob(),
};

function ProgressBar({ label, value, max, text }: { label: string; value: number | null; max: number; text: string }) {
  const pct = value === null ? null : max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value ?? undefined}
      aria-valuetext={text}
      className={pct === null ? 'ac-bar is-indeterminate' : 'ac-bar'}
    >
      <div className="ac-bar-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}

function Download({ download }: { download: NonNullable<JobSnapshot['download']> }) {
  const text = downloadText(download);
  return (
    <div className="ac-job-row">
      <ProgressBar label="Model download" value={download.total ? download.bytes : null} max={download.total ?? 0} text={text} />
      <span className="ac-job-text">{text}</span>
    </div>
  );
}

/** The running or last auto-caption job, docked above the status bar while there is one to show. */
export default function JobPanel() {
  const job = useStore(shownJob);
  const history = useStore((s) => s.history);
  const [pending, setPending] = useState(false);
  if (!job) return null;

  const summary = progressSummary(job);
  // While preparing (model download, server check) there is nothing to count yet.
  const counting = job.state !== 'preparing';
  const run = (button: JobButton) => {
    setPending(true);
    void Promise.resolve(PERFORM[button](useStore)).finally(() => setPending(false));
  };

  return (
    <section className={`ac-job is-${job.state}`} aria-label="Auto-caption job">
      <div className="ac-job-row">
        <strong className="ac-job-state">Auto-caption: {jobHeading(job)}</strong>
        <ProgressBar label="Auto-caption progress" value={counting ? processedOf(job) : null} max={job.total} text={summary} />
        <span className="ac-job-text">{summary}</span>
        <span className={job.state === 'failed' ? 'ac-job-message ac-error' : 'ac-job-message'} title={job.message}>
          {job.message}
        </span>
        <span className="ac-job-buttons">
          {jobButtons(job, history).map((b) => (
            <button key={b} type="button" className={b === 'accept' ? 'btn btn-primary' : 'btn btn-quiet'} disabled={pending} onClick={() => run(b)}>
              {BUTTON_LABELS[b]}
            </button>
          ))}
        </span>
      </div>
      {job.download && <Download download={job.download} />}
      {job.state === 'paused' && job.proposal && <ReviewProposal proposals={job.proposal} />}
      <JobDetails job={job} />
    </section>
  );
}
