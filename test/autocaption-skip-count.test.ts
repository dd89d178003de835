import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MERGE_MODES } from '../shared/autocaption/config.ts';
import { parseCaption } from '../shared/caption/index.ts';
import { finished, read, settings } from '../electron/core/autocaption/job-test-helpers.ts';
import { openTestSession, tempDir } from '../electron/core/handlers/test-session.ts';
import { countJob, type CaptionSource } from '../shared/autocaption/needs-caption.ts';
import { colourFiles, writeTaggerFolder, type ColourItem } from './helpers/autocaption.ts';

// The number the auto-caption dialog shows (countJob over the store's parsed captions, as
// renderer/src/autocaption/useJobCounts.ts calls it) and the images the job takes
// (electron/core/autocaption/job.ts) must agree in every merge mode. The captions reach the count
// the way they reach the renderer: through dataset.snapshot, parsed as store/dataset.ts parses them.

const TRIGGERS = ['ohwx', 'sks'];
const ITEMS: ColourItem[] = [
  { name: 'a_none.png', colour: 'red' },
  { name: 'b_empty.png', colour: 'green', caption: '' },
  { name: 'c_blank.png', colour: 'blue', caption: ' \r\n' },
  { name: 'd_trigger.png', colour: 'cyan', caption: 'ohwx' },
  { name: 'e_triggers.png', colour: 'red', caption: '\uFEFFOHWX,  sks,\r\nnotes for me\r\n' },
  { name: 'f_tags.png', colour: 'green', caption: 'ohwx, 1girl' },
  { name: 'g_prose.png', colour: 'blue', caption: 'ohwx. She sits.' },
  { name: 'h_hand.png', colour: 'cyan', caption: 'hand written caption\n' },
  { name: 'i_line2.png', colour: 'red', caption: '\nonly line 2' },
];

describe('auto-caption count and job agree', () => {
  it('in every merge mode the dialog counts exactly the images the job takes', async () => {
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const t = await openTestSession(await colourFiles(ITEMS));
    await t.value('settings.update', { patch: { triggerWords: TRIGGERS } });
    // What the renderer holds: the snapshot's captions parsed as store/dataset.ts parses them.
    const snap = await t.value('dataset.snapshot');
    const source: CaptionSource = {
      docs: Object.fromEntries(snap.images.map((i) => [i.id, i.caption === null ? null : parseCaption(i.caption)])),
      drafts: {},
    };
    const ids = snap.images.map((i) => i.id);
    const subset = ['d_trigger.png', 'f_tags.png', 'a_none.png'];

    for (const mode of MERGE_MODES) {
      for (const target of [{ kind: 'all' as const, ids }, { kind: 'ids' as const, ids: subset }]) {
        const shown = countJob(target.ids, source, mode, snap.info.settings.triggerWords);
        const request = target.kind === 'all' ? { kind: 'all' } : { kind: 'ids', ids: target.ids };
        const started = await t.value('job.start', { target: request, settings: settings({ tagger: { model }, mode }), remember: false });
        expect({ mode, target: target.kind, total: started.total, skipped: started.skipped }).toEqual({
          mode,
          target: target.kind,
          total: shown.toCaption,
          skipped: shown.inScope - shown.toCaption,
        });
        await t.value('job.cancel');
        await finished(t, ['paused', 'finished']);
        if ((await t.value('job.get'))?.state === 'paused') await t.value('job.discard');
        // Nothing a cancelled-then-discarded job did reached the files.
        expect(read(t, 'h_hand.txt')).toBe('hand written caption\n');
      }
    }
    expect(countJob(ids, source, 'skip', TRIGGERS).toCaption).toBe(5);
  });

  it('skip mode captions a trigger-only caption with the trigger words first and keeps its other lines', async () => {
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const t = await openTestSession(await colourFiles(ITEMS));
    await t.value('settings.update', { patch: { triggerWords: TRIGGERS } });
    await t.value('job.start', { target: { kind: 'all' }, settings: settings({ tagger: { model }, mode: 'skip' }), remember: false });
    const done = await finished(t);
    expect(done).toMatchObject({ total: 5, skipped: 4, written: 5, failed: 0 });
    const triggers = parseCaption(read(t, 'e_triggers.txt'));
    expect(triggers.tags.slice(0, 2)).toEqual(['ohwx', 'sks']);
    expect(triggers.tags).toContain('red background');
    expect(read(t, 'e_triggers.txt').startsWith('\uFEFF')).toBe(true);
    expect(read(t, 'e_triggers.txt').endsWith('\r\nnotes for me\r\n')).toBe(true);
    expect(parseCaption(read(t, 'd_trigger.txt')).tags[0]).toBe('ohwx');
    for (const [file, text] of [['f_tags.txt', 'ohwx, 1girl'], ['g_prose.txt', 'ohwx. She sits.'], ['h_hand.txt', 'hand written caption\n'], ['i_line2.txt', '\nonly line 2']]) {
      expect(read(t, file!), file).toBe(text);
    }
  });
});
