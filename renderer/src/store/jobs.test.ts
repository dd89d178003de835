import { describe, expect, it } from 'vitest';
import type { EventListener, JobSnapshot, Transport } from '../../../shared/contract/index.ts';
import { ok } from '../../../shared/result.ts';
import { AutoCaptionSettingsSchema } from '../../../shared/autocaption/config.ts';
import { jobSnapshot } from '../autocaption/test-job.ts';
import { fakeTransport, loadedStore, makeStore } from '../test-support/store.ts';
import { bindEvents } from './events.ts';
import { acceptSnapshot, shownJob } from './jobs.ts';

const job = (patch: Partial<JobSnapshot> = {}) => jobSnapshot(patch);

describe('acceptSnapshot', () => {
  it('takes any snapshot of another job, and null', () => {
    expect(acceptSnapshot(null, job())).toBe(true);
    expect(acceptSnapshot(job({ state: 'finished' }), job({ id: 'job-2', state: 'preparing' }))).toBe(true);
    expect(acceptSnapshot(job(), null)).toBe(true);
  });

  it('keeps the later snapshot of the same job, whatever the order they arrive in', () => {
    // job.cancel answered "cancelling" after the event that said "paused"
    expect(acceptSnapshot(job({ state: 'paused', rev: 5 }), job({ state: 'cancelling', rev: 4 }))).toBe(false);
    // job.start answered "preparing" after the first "running" event
    expect(acceptSnapshot(job({ state: 'running', rev: 5 }), job({ state: 'preparing', rev: 2 }))).toBe(false);
    expect(acceptSnapshot(job({ state: 'running', done: 1, rev: 5 }), job({ state: 'running', done: 2, rev: 6 }))).toBe(true);
    // A review job waiting for Accept is 'paused': a late start answer is not a resume.
    expect(acceptSnapshot(job({ state: 'paused', review: true, rev: 9 }), job({ state: 'preparing', rev: 3 }))).toBe(false);
  });

  it('lets a paused job resume', () => {
    expect(acceptSnapshot(job({ state: 'paused', rev: 5 }), job({ state: 'preparing', rev: 6 }))).toBe(true);
    expect(acceptSnapshot(job({ state: 'paused', rev: 5 }), job({ state: 'running', rev: 7 }))).toBe(true);
  });
});

describe('jobs slice', () => {
  it('derives the grid marks of the shown job and clears them on dismiss', () => {
    const store = makeStore();
    const failures = [{ id: 'b.png', stage: 'describe' as const, message: 'timeout' }];
    store.getState().setJob(job({ active: ['a.png'], failures }));
    let s = store.getState();
    expect([...s.jobActive]).toEqual(['a.png']);
    expect(s.jobFailures.get('b.png')?.message).toBe('timeout');
    expect(shownJob(s)?.id).toBe('job-1');
    s.dismissJob();
    s = store.getState();
    expect(shownJob(s)).toBeNull();
    expect(s.jobActive.size + s.jobFailures.size).toBe(0);
    // a later job shows again
    s.setJob(job({ id: 'job-2', active: ['c.png'] }));
    expect(shownJob(store.getState())?.id).toBe('job-2');
    expect(store.getState().jobActive.has('c.png')).toBe(true);
  });

  it('keeps the start settings even when the start answer lost the race to the first event', () => {
    const store = makeStore();
    const settings = AutoCaptionSettingsSchema.parse({ mode: 'append' });
    store.getState().setJob(job({ state: 'running', done: 2 }));
    store.getState().setJob(job({ state: 'preparing' }), settings);
    const s = store.getState();
    expect(s.job?.state).toBe('running');
    expect(s.jobSettings).toEqual({ jobId: 'job-1', settings });
    s.setJob(job({ id: 'job-2' }));
    expect(store.getState().jobSettings).toBeNull();
  });

  it('loads the current job, and opens and closes the dialog request', async () => {
    const store = await loadedStore([]);
    const base = fakeTransport([]);
    store.getState().setTransport({ ...base, api: { ...base.api, 'job.get': async () => ok(job({ state: 'paused' })) } });
    await store.getState().loadJob();
    expect(store.getState().job?.state).toBe('paused');
    store.getState().openAutoCaption('a.png');
    expect(store.getState().autoCaptionDialog).toEqual({ imageId: 'a.png' });
    store.getState().closeAutoCaption();
    store.getState().openAutoCaption();
    expect(store.getState().autoCaptionDialog).toEqual({ imageId: null });
  });

  it('follows job.changed events', async () => {
    const store = await loadedStore([]);
    let listener: EventListener | null = null;
    const transport: Transport = { ...fakeTransport([]), subscribe: (l) => ((listener = l), () => (listener = null)) };
    bindEvents(store, transport);
    listener!('job.changed', job({ done: 4 }));
    expect(store.getState().job?.done).toBe(4);
    listener!('job.changed', job({ state: 'finished', done: 10, rev: 101 }));
    expect(store.getState().job?.state).toBe('finished');
  });
});
