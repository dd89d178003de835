import { describe, expect, it } from 'vitest';
import { AutoCaptionSettingsSchema } from '../../../shared/autocaption/config.ts';
import type { Channel, HistoryInfo } from '../../../shared/contract/index.ts';
import { err, ok } from '../../../shared/result.ts';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import { fakeTransport, image, loadedStore } from '../test-support/store.ts';
import { commitJob, discardJob, retryFailed, revealImage, startAutoCaption, undoJob } from './jobActions.ts';
import { jobSnapshot, journalEntry } from './test-job.ts';

type Handler = (request: never) => unknown;

/** A loaded store whose transport answers the given channels and records every request. */
async function scripted(handlers: Partial<Record<Channel, Handler>>) {
  const store = await loadedStore([image('a.png', null), image('b.png', 'x'), image('c.png', 'y')]);
  const calls: { channel: string; request: unknown }[] = [];
  const api = new Proxy({}, {
    get: (_t, channel: string) => async (request: never) => {
      calls.push({ channel, request });
      const handler = handlers[channel as Channel];
      if (!handler) throw new Error(`unexpected channel ${channel}`);
      return handler(request);
    },
  });
  store.getState().setTransport({ ...fakeTransport([]), api: api as never });
  return { store, calls };
}

const settings = AutoCaptionSettingsSchema.parse({ llm: { model: 'joycaption' }, mode: 'append' });
const prompt = { focus: 'pose of the girl', context: '', sentences: 2 };
const history = (head: number): HistoryInfo => ({ entries: [], head, canUndo: head > 0, canRedo: false });

describe('startAutoCaption', () => {
  it('saves the changed prompt settings, then starts with remember and mirrors both in the store', async () => {
    const { store, calls } = await scripted({
      'settings.update': (req: { patch: object }) => ok(DatasetSettingsSchema.parse({ ...req.patch })),
      'job.start': () => ok(jobSnapshot({ id: 'j9', state: 'preparing' })),
    });
    const res = await startAutoCaption(store, { target: { kind: 'all' }, parts: { settings, prompt }, remember: true });
    expect(res.ok).toBe(true);
    expect(calls).toEqual([
      { channel: 'settings.update', request: { patch: { focus: 'pose of the girl', sentences: 2 } } },
      { channel: 'job.start', request: { target: { kind: 'all' }, settings, remember: true, review: false } },
    ]);
    const s = store.getState();
    expect(s.job?.id).toBe('j9');
    expect(s.jobSettings?.settings).toBe(settings);
    expect(s.info?.settings).toMatchObject({ focus: 'pose of the girl', sentences: 2, autoCaption: settings });
  });

  it('does not start when the prompt settings cannot be saved', async () => {
    const { store, calls } = await scripted({ 'settings.update': () => err({ kind: 'io', message: 'read-only folder' }) });
    const res = await startAutoCaption(store, { target: { kind: 'all' }, parts: { settings, prompt }, remember: true });
    expect(res).toEqual({ ok: false, error: { kind: 'io', message: 'Could not save the prompt settings: read-only folder' } });
    expect(calls.map((c) => c.channel)).toEqual(['settings.update']);
    expect(store.getState().job).toBeNull();
  });

  it('passes a refused start through unchanged and keeps no job', async () => {
    const { store } = await scripted({ 'job.start': () => err({ kind: 'job-paused', message: 'a paused job is waiting' }) });
    const res = await startAutoCaption(store, { target: { kind: 'all' }, parts: { settings, prompt: null }, remember: true });
    expect(res.ok).toBe(false);
    expect(store.getState().job).toBeNull();
    expect(store.getState().info?.settings.autoCaption.mode).toBe('skip');
  });
});

describe('job panel actions', () => {
  it('retries the failed images once each with the job’s settings and mode, without saving them as defaults', async () => {
    const { store, calls } = await scripted({ 'job.start': () => ok(jobSnapshot({ id: 'j2' })) });
    const failures = [
      { id: 'a.png', stage: 'tag' as const, message: 'x' },
      { id: 'c.png', stage: 'describe' as const, message: 'y' },
      { id: 'a.png', stage: 'merge' as const, message: 'z' },
    ];
    store.getState().setJob(jobSnapshot({ state: 'finished', mode: 'replace', failures }), settings);
    await retryFailed(store);
    expect(calls).toEqual([
      { channel: 'job.start', request: { target: { kind: 'ids', ids: ['a.png', 'c.png'] }, settings: { ...settings, mode: 'replace' }, remember: false, review: false } },
    ]);
    expect(store.getState().job?.id).toBe('j2');
  });

  it('retries a re-caption’s failure as a re-caption: its result again waits for Accept / Discard', async () => {
    const { store, calls } = await scripted({ 'job.start': () => ok(jobSnapshot({ id: 'j3', review: true })) });
    store.getState().setJob(jobSnapshot({ state: 'finished', mode: 'replace', review: true, failures: [{ id: 'c.png', stage: 'describe', message: 'refused' }] }), settings);
    await retryFailed(store);
    expect(calls).toEqual([
      { channel: 'job.start', request: { target: { kind: 'ids', ids: ['c.png'] }, settings: { ...settings, mode: 'replace' }, remember: false, review: true } },
    ]);
  });

  it('accepts a proposal by committing the job (one journal entry) and drops it by discarding', async () => {
    const proposal = [{ id: 'c.png', captionPath: 'c.txt', before: 'y', after: 'ohwx, red' }];
    const { store, calls } = await scripted({
      'job.commit': () => ok(jobSnapshot({ id: 'j4', rev: 101, state: 'finished', review: true, written: 1, entry: journalEntry(7) })),
      'job.discard': () => ok(null),
    });
    store.getState().setJob(jobSnapshot({ id: 'j4', state: 'paused', review: true, proposal }));
    await commitJob(store);
    expect(store.getState().job).toMatchObject({ state: 'finished', written: 1 });
    store.getState().setJob(jobSnapshot({ id: 'j5', state: 'paused', review: true, proposal }));
    await discardJob(store);
    expect(store.getState().job).toBeNull();
    expect(calls.map((c) => c.channel)).toEqual(['job.commit', 'job.discard']);
  });

  it('undoes the job only while its entry is the head of history', async () => {
    const { store, calls } = await scripted({ 'history.undo': () => ok({ entry: journalEntry(5), written: 3, conflicts: [], images: [], history: history(4) }) });
    store.getState().setJob(jobSnapshot({ state: 'finished', entry: journalEntry(5) }));
    store.getState().setHistory(history(6));
    await undoJob(store);
    expect(calls).toEqual([]);
    expect(store.getState().lastMessage).toMatch(/no longer the last change/);
    store.getState().setHistory(history(5));
    await undoJob(store);
    expect(calls.map((c) => c.channel)).toEqual(['history.undo']);
    expect(store.getState().history.head).toBe(4);
  });

  it('commits and discards a paused job, reporting a failure in the status bar', async () => {
    const { store } = await scripted({
      'job.commit': () => err({ kind: 'io', message: 'disk full' }),
      'job.discard': () => ok(null),
    });
    store.getState().setJob(jobSnapshot({ state: 'paused' }));
    await commitJob(store);
    expect(store.getState().lastMessage).toBe('Saving the results failed: disk full');
    expect(store.getState().job?.state).toBe('paused');
    await discardJob(store);
    expect(store.getState().job).toBeNull();
  });

  it('reveals an image named in the panel, and says when the filter hides it', async () => {
    const { store } = await scripted({});
    store.getState().setQuery('has:caption');
    revealImage(store, 'a.png');
    expect(store.getState().focused).toBe('a.png');
    expect(store.getState().lastMessage).toBe('a.png is hidden by the current filter');
    revealImage(store, 'gone.png');
    expect(store.getState().focused).toBe('a.png');
  });
});
