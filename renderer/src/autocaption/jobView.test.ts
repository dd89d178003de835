import { describe, expect, it } from 'vitest';
import { canUndoJob, jobButtons, startBlocker } from './jobView.ts';
import { jobSnapshot, journalEntry } from './test-job.ts';

const history = (head: number, canUndo = head > 0) => ({ head, canUndo });

describe('job panel buttons', () => {
  it('offers cancel while working and the three ways out of a pause', () => {
    expect(jobButtons(jobSnapshot({ state: 'preparing' }), history(0))).toEqual(['cancel']);
    expect(jobButtons(jobSnapshot({ state: 'running' }), history(0))).toEqual(['cancel']);
    expect(jobButtons(jobSnapshot({ state: 'cancelling' }), history(0))).toEqual([]);
    expect(jobButtons(jobSnapshot({ state: 'paused' }), history(0))).toEqual(['resume', 'commit', 'discard']);
    expect(jobButtons(jobSnapshot({ state: 'failed' }), history(0))).toEqual(['dismiss']);
  });

  it('offers a review job’s proposal Accept and Discard only; without a proposal, resume or discard (never a partial save)', () => {
    const proposal = [{ id: 'a.png', captionPath: 'a.txt', before: null, after: 'ohwx, red' }];
    expect(jobButtons(jobSnapshot({ state: 'paused', review: true, proposal }), history(0))).toEqual(['accept', 'discard']);
    expect(jobButtons(jobSnapshot({ state: 'paused', review: true, proposal: null }), history(0))).toEqual(['resume', 'discard']);
  });

  it('offers undo only while the job’s entry is the head of history, and retry only after failures', () => {
    const finished = jobSnapshot({ state: 'finished', entry: journalEntry(7) });
    expect(jobButtons(finished, history(7))).toEqual(['undo', 'dismiss']);
    expect(jobButtons(finished, history(8))).toEqual(['dismiss']);
    const failures = [{ id: 'a.png', stage: 'tag' as const, message: 'bad image' }];
    expect(jobButtons({ ...finished, failures }, history(6))).toEqual(['retryFailed', 'dismiss']);
  });

  it('does not offer undo for a job that wrote nothing or was already undone', () => {
    expect(canUndoJob(jobSnapshot({ entry: null }), history(0))).toBe(false);
    expect(canUndoJob(jobSnapshot({ entry: journalEntry(3, false) }), history(3))).toBe(false);
    expect(canUndoJob(jobSnapshot({ entry: journalEntry(3) }), history(3, false))).toBe(false);
    expect(canUndoJob(jobSnapshot({ entry: journalEntry(3) }), history(3))).toBe(true);
  });
});

describe('startBlocker', () => {
  it('blocks a new job while one runs or waits, not after it ended', () => {
    for (const state of ['preparing', 'running', 'cancelling', 'paused'] as const) expect(startBlocker(jobSnapshot({ state }))).toMatch(/job/);
    for (const state of ['finished', 'failed'] as const) expect(startBlocker(jobSnapshot({ state }))).toBeNull();
    expect(startBlocker(null)).toBeNull();
    expect(startBlocker(jobSnapshot({ state: 'paused', review: true, proposal: [] }))).toMatch(/Accept or Discard/);
  });
});
