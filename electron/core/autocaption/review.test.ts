import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { colourFiles, writeTaggerFolder } from '../../../test/helpers/autocaption.ts';
import { openTestSession, tempDir, type TestSession } from '../handlers/test-session.ts';
import { finished, read, settings } from './job-test-helpers.ts';

// A single-image re-caption runs as a review job: its result is shown for Accept (job.commit) or
// Discard (job.discard), and nothing touches the caption file before Accept.

const HAND = 'hand written, keep me\nline 2 notes\n';

async function session(): Promise<{ t: TestSession; model: string }> {
  const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
  const t = await openTestSession(await colourFiles([
    { name: 'cyan.png', colour: 'cyan', caption: HAND },
    { name: 'red.png', colour: 'red' },
  ]));
  await t.value('settings.update', { patch: { triggerWords: ['ohwx'] } });
  return { t, model };
}

async function recaption(t: TestSession, model: string, id = 'cyan.png') {
  await t.value('job.start', { target: { kind: 'ids', ids: [id] }, settings: settings({ tagger: { model }, mode: 'replace' }), remember: false, review: true });
  return finished(t, 'paused');
}

describe('review job (single-image re-caption)', () => {
  it('stops with the proposal and writes nothing; Accept writes exactly the proposal as one undo step', async () => {
    const { t, model } = await session();
    const historyBefore = (await t.value('history.get')).entries.length;
    const paused = await recaption(t, model);
    expect(paused).toMatchObject({ review: true, done: 1, total: 1 });
    expect(paused.message).toMatch(/the new caption is ready/);
    expect(paused.proposal).toHaveLength(1);
    const proposal = paused.proposal![0]!;
    expect(proposal).toMatchObject({ id: 'cyan.png', captionPath: 'cyan.txt', before: HAND });
    expect(parseCaption(proposal.after).tags[0]).toBe('ohwx');
    expect(parseCaption(proposal.after).tags).toContain('hatsune miku'); // the fixture tagger's cyan character tag
    // Replace writes line 1 anew and keeps the lines after it.
    expect(proposal.after.endsWith('\nline 2 notes\n')).toBe(true);
    expect(read(t, 'cyan.txt')).toBe(HAND);
    expect((await t.value('history.get')).entries).toHaveLength(historyBefore);

    const accepted = await t.value('job.commit');
    expect(accepted).toMatchObject({ state: 'finished', written: 1, proposal: null });
    expect(read(t, 'cyan.txt')).toBe(proposal.after);
    const history = await t.value('history.get');
    expect(history.entries).toHaveLength(historyBefore + 1);

    await t.value('history.undo');
    expect(read(t, 'cyan.txt')).toBe(HAND);
  });

  it('Discard writes nothing and leaves no job behind', async () => {
    const { t, model } = await session();
    const historyBefore = (await t.value('history.get')).entries.length;
    await recaption(t, model);
    await t.value('job.discard');
    expect(read(t, 'cyan.txt')).toBe(HAND);
    expect(await t.value('job.get')).toBeNull();
    expect((await t.value('history.get')).entries).toHaveLength(historyBefore);
  });

  it('Accept refuses a caption changed after the proposal was made, keeping the other text', async () => {
    const { t, model } = await session();
    await recaption(t, model);
    fs.writeFileSync(path.join(t.root, 'cyan.txt'), 'changed by another program\n');
    // The dataset still holds the old text in memory (no watcher here): the write itself must notice.
    const done = await t.value('job.commit');
    expect(done.written).toBe(0);
    expect(done.failures).toEqual([expect.objectContaining({ id: 'cyan.png', stage: 'merge' })]);
    expect(read(t, 'cyan.txt')).toBe('changed by another program\n');
  });

  it('an image with no caption is proposed too, and a new job waits until the proposal is accepted or discarded', async () => {
    const { t, model } = await session();
    const paused = await recaption(t, model, 'red.png');
    expect(paused.proposal![0]).toMatchObject({ id: 'red.png', before: null });
    expect(fs.existsSync(path.join(t.root, 'red.txt'))).toBe(false);
    const again = await t.failure('job.start', { target: { kind: 'all' }, settings: settings({ tagger: { model } }) });
    expect(again.kind).toBe('job-paused');
  });
});
