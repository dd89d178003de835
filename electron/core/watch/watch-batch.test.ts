import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PNG } from '../dataset/test-fixtures.ts';
import { openTestSession, waitUntil } from '../handlers/test-session.ts';

const N = 2000;
const quiet = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pairs(n: number): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < n; i++) {
    const name = `img_${String(i).padStart(5, '0')}`;
    files[`${name}.png`] = PNG;
    files[`${name}.txt`] = `ohwx, 1girl, red dress, ${i}`;
  }
  return files;
}

describe('a big batch with the watcher on', () => {
  it('announces its own writes once, as the edit, never as changed elsewhere; outside writes are still seen', async () => {
    const t = await openTestSession(pairs(N), { watch: true });
    const imageEvents = () => t.eventsOf('images.changed');
    const ops = [{ op: 'replaceText', find: 'red dress', replace: 'blue dress' }];

    // An outside program adds an image with its caption while the batch runs.
    const applying = t.value('batch.apply', { target: { kind: 'all' }, ops });
    fs.writeFileSync(path.join(t.root, 'zz_outside.txt'), 'from elsewhere');
    fs.writeFileSync(path.join(t.root, 'zz_outside.png'), PNG);
    const res = await applying;
    expect(res.written).toBe(N);
    // (The outside image is in the reply too if the watcher added it before the batch was planned.)
    expect(res.images.filter((i) => i.id !== 'zz_outside.png')).toHaveLength(N);
    await waitUntil(() => imageEvents().some((e) => e.source === 'external'), 'the outside image', 10_000);
    // Give the watcher time to deliver whatever our 2,000 renames produce.
    await quiet(1500);

    const edits = imageEvents().filter((e) => e.source === 'edit');
    expect(edits).toHaveLength(1);
    expect(edits[0]!.images).toHaveLength(N);
    const external = imageEvents().filter((e) => e.source === 'external');
    expect(external.flatMap((e) => e.images.map((i) => i.id))).toEqual(['zz_outside.png']);
    expect(external[0]!.images[0]!.caption).toBe('from elsewhere');

    // Undo: the same, one edit event and nothing from elsewhere.
    t.events.length = 0;
    const undone = await t.value('history.undo', {});
    expect(undone.written).toBe(N);
    await quiet(1500);
    expect(imageEvents().filter((e) => e.source === 'edit')).toHaveLength(1);
    expect(imageEvents().filter((e) => e.source === 'external')).toEqual([]);

    // An outside write after the batch is seen, with its text.
    fs.writeFileSync(path.join(t.root, 'img_00007.txt'), 'changed elsewhere');
    await waitUntil(() => imageEvents().some((e) => e.source === 'external'), 'the outside write', 10_000);
    expect(imageEvents().find((e) => e.source === 'external')!.images).toEqual([
      { id: 'img_00007.png', captionPath: 'img_00007.txt', caption: 'changed elsewhere' },
    ]);
  }, 60_000);

  it('replies before the listing of the folder it quieted, and the next edit waits for that listing', async () => {
    const t = await openTestSession(pairs(N), { watch: true });
    const dataset = t.session.dataset();
    // The watcher's listing of the folder after the batch is held at its readdir until the test lets it go.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const readdir = fs.promises.readdir;
    const spy = vi.spyOn(fs.promises, 'readdir').mockImplementation((async (...args: Parameters<typeof readdir>) => {
      if (new Error().stack?.includes('reconcileDir')) await gate;
      return readdir(...args);
    }) as typeof readdir);
    try {
      const res = await t.value('batch.apply', { target: { kind: 'all' }, ops: [{ op: 'replaceText', find: 'red dress', replace: 'blue dress' }] });
      expect(res.written).toBe(N);
      let listed = false;
      const settled = dataset.settled().then(() => (listed = true));
      // Asked for at once, the undo waits: a next batch may quiet the same folder.
      let undone = false;
      const undo = t.value('history.undo', {}).then((r) => ((undone = true), r));
      // Long enough for the undo of 2,000 files to finish several times over, were it not waiting.
      await quiet(2500);
      expect([listed, undone]).toEqual([false, false]);
      expect(fs.readFileSync(path.join(t.root, 'img_00000.txt'), 'utf8')).toContain('blue dress');
      release();
      await settled;
      expect((await undo).written).toBe(N);
      expect(fs.readFileSync(path.join(t.root, 'img_00000.txt'), 'utf8')).toContain('red dress');
    } finally {
      release();
      spy.mockRestore();
    }
  }, 60_000);
});
