import type { JobSnapshot } from '../../../shared/contract/index.ts';

/** A job snapshot for tests (used by the *.test.ts files only): a running job of 10 images. */
export function jobSnapshot(patch: Partial<JobSnapshot> = {}): JobSnapshot {
  return {
    id: 'job-1',
    rev: 100,
    state: 'running',
    message: 'Describing img_003.png',
    mode: 'skip',
    total: 10,
    done: 0,
    failed: 0,
    skipped: 0,
    tagged: 0,
    described: 0,
    active: [],
    failures: [],
    notes: [],
    startedAt: '2025-01-01T00:00:00.000Z',
    etaMs: null,
    download: null,
    entry: null,
    written: 0,
    unchanged: 0,
    review: false,
    proposal: null,
    ...patch,
  };
}

export const journalEntry = (seq: number, applied = true) => ({ id: `e${seq}`, seq, time: '2025-01-01T00:00:00.000Z', label: 'Auto-caption', files: 3, applied });
