import type { StoreApi } from 'zustand';
import type { JobFailure, JobSnapshot } from '../../../shared/contract/index.ts';
import type { SliceCreator } from './types.ts';
import type { JobsSlice, Store } from './types.ts';

/*
 * The auto-caption job as last reported by the backend. Snapshots arrive two ways, as `job.changed`
 * events and as request results, and over HTTP the two are not ordered: a `job.start` answer saying
 * "preparing" can land after the event saying the review job is waiting for Accept. Each snapshot
 * carries the backend's revision, so the later one wins whatever the order of arrival (a state rank
 * could not tell a late answer from a resume).
 */

/** Whether `next` should replace `current`: a new job always does; the same job only a later snapshot of it. */
export function acceptSnapshot(current: JobSnapshot | null, next: JobSnapshot | null): boolean {
  if (next === null || current === null || current.id !== next.id) return true;
  return next.rev > current.rev;
}

const NO_IDS: ReadonlySet<string> = new Set();
const NO_FAILURES: ReadonlyMap<string, JobFailure> = new Map();

/** The grid's view of the shown job: images in work and failures by id (empty once dismissed). */
export function jobMarks(job: JobSnapshot | null, dismissedJobId: string | null): Pick<JobsSlice, 'jobActive' | 'jobFailures'> {
  if (!job || job.id === dismissedJobId) return { jobActive: NO_IDS, jobFailures: NO_FAILURES };
  return {
    jobActive: job.active.length ? new Set(job.active) : NO_IDS,
    jobFailures: job.failures.length ? new Map(job.failures.map((f) => [f.id, f])) : NO_FAILURES,
  };
}

// A dismissed job stays dismissed across reloads: the backend keeps reporting the last job.
const DISMISSED_KEY = 'tagsmith.dismissedJob';

function storedDismissed(): string | null {
  try {
    return globalThis.localStorage?.getItem(DISMISSED_KEY) ?? null;
  } catch {
    return null; // storage blocked: the panel just shows again after a reload
  }
}

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get) => ({
  job: null,
  dismissedJobId: storedDismissed(),
  jobActive: NO_IDS,
  jobFailures: NO_FAILURES,
  jobSettings: null,
  autoCaptionDialog: null,
  setJob(job, settings) {
    const state = get();
    const accepted = acceptSnapshot(state.job, job);
    const shown = accepted ? job : state.job;
    // The start request's answer may lose the race to the job's first event; its settings still count.
    const jobSettings =
      settings && job && shown?.id === job.id
        ? { jobId: job.id, settings }
        : shown && state.jobSettings?.jobId === shown.id
          ? state.jobSettings
          : null;
    if (!accepted && jobSettings === state.jobSettings) return;
    set({ job: shown, jobSettings, ...jobMarks(shown, state.dismissedJobId) });
  },
  dismissJob() {
    const job = get().job;
    if (!job) return;
    try {
      globalThis.localStorage?.setItem(DISMISSED_KEY, job.id);
    } catch {
      // not persisted: only a view preference
    }
    set({ dismissedJobId: job.id, ...jobMarks(job, job.id) });
  },
  async loadJob() {
    const transport = get().transport;
    if (!transport) return;
    const result = await transport.api['job.get']({});
    if (result.ok) get().setJob(result.value);
    // An older backend without jobs answers with an error: there is simply no job to show.
  },
  openAutoCaption: (imageId = null) => set({ autoCaptionDialog: { imageId } }),
  closeAutoCaption: () => set({ autoCaptionDialog: null }),
});

/** The job the panel shows: null when there is none or the user dismissed it. */
export const shownJob = (s: Pick<Store, 'job' | 'dismissedJobId'>): JobSnapshot | null =>
  s.job && s.job.id !== s.dismissedJobId ? s.job : null;

/** Module-level action for the `job.changed` event (see events.ts). */
export function onJobChanged(store: StoreApi<Store>, payload: JobSnapshot): void {
  store.getState().setJob(payload);
}
