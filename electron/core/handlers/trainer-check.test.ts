import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openTestSession } from './test-session.ts';

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#888' } }).png().toBuffer();

describe('trainer.check and trainer.fix', () => {
  it('reports what the trainer reads and its buckets, and fixes a BOM and a 0-byte caption as one undoable entry', async () => {
    const t = await openTestSession({
      'a.png': await png(1024, 1024),
      'a.txt': '\uFEFFohwx, 1girl',
      'b.png': await png(832, 1216),
      'b.txt': '',
      'c.png': await png(1216, 832),
      'c.txt': 'ohwx, solo',
    });
    const check = await t.value('trainer.check', { trainer: 'kohya', resolution: 1024, batchSize: 2 });
    expect(check.counts).toEqual({ loaded: 3, captioned: 3, uncaptioned: 0, skipped: 0 });
    expect(check.findings.map((f) => [f.kind, f.severity, f.images])).toEqual(
      expect.arrayContaining([
        ['caption-file-empty', 'blocker', ['b.png']],
        ['bom', 'warning', ['a.png']],
      ]),
    );
    // kohya keeps the BOM glued to the first tag: the text shown is the text trained.
    expect(check.images.find((i) => i.image === 'a.png')?.trained).toEqual(['\uFEFFohwx, 1girl']);
    expect(check.geometry.buckets.map((b) => [`${b.width}x${b.height}`, b.images.length]).sort()).toEqual([
      ['1024x1024', 1],
      ['1216x832', 1],
      ['832x1216', 1],
    ]);
    expect(check.findings.some((f) => f.kind === 'bucket-below-batch')).toBe(true);

    const fixed = await t.value('trainer.fix', { trainer: 'kohya', fixes: ['bom', 'empty-files'] });
    expect(fixed.summary).toMatch(/BOM/i);
    expect(fs.readFileSync(path.join(t.root, 'a.txt'), 'utf8')).toBe('ohwx, 1girl');
    expect(fs.existsSync(path.join(t.root, 'b.txt'))).toBe(false);
    expect(fixed.history.entries).toHaveLength(1);
    const after = await t.value('trainer.check', { trainer: 'kohya' });
    expect(after.findings.filter((f) => f.severity === 'blocker')).toEqual([]);

    await t.value('history.undo');
    expect(fs.readFileSync(path.join(t.root, 'a.txt'))).toEqual(Buffer.from('\uFEFFohwx, 1girl'));
    expect(fs.readFileSync(path.join(t.root, 'b.txt'), 'utf8')).toBe('');
  });

  it('refuses an unknown fix or trainer as an invalid request', async () => {
    const t = await openTestSession({ 'a.png': await png(64, 64) });
    expect((await t.failure('trainer.fix', { trainer: 'kohya', fixes: ['everything'] })).kind).toBe('invalid-request');
    expect((await t.failure('trainer.check', { trainer: 'dreambooth' })).kind).toBe('invalid-request');
    expect((await t.failure('trainer.check', { trainer: 'kohya', maxTokenLength: 100 })).kind).toBe('invalid-request');
    // --train_data_dir is kohya's alone.
    expect((await t.failure('trainer.check', { trainer: 'onetrainer', layout: 'train-data-dir' })).kind).toBe('invalid-request');
  });

  it('checks the folder as the trainer is pointed at it (the layout); the fixes take the layout too', async () => {
    const t = await openTestSession({ 'a.png': await png(64, 64), 'a.txt': 'ohwx', '10_ohwx woman/b.png': await png(64, 64), '10_ohwx woman/b.txt': '\uFEFFohwx, b' });
    const counts = async (layout: string) => (await t.value('trainer.check', { trainer: 'kohya', layout })).counts;
    expect(await counts('configs')).toEqual({ loaded: 2, captioned: 2, uncaptioned: 0, skipped: 0 });
    expect(await counts('folder-only')).toEqual({ loaded: 1, captioned: 1, uncaptioned: 0, skipped: 1 });
    expect(await counts('train-data-dir')).toEqual({ loaded: 1, captioned: 1, uncaptioned: 0, skipped: 1 });
    expect((await t.value('trainer.fix', { trainer: 'kohya', fixes: ['bom'], layout: 'train-data-dir' })).written).toBe(1);
    expect(fs.readFileSync(path.join(t.root, '10_ohwx woman', 'b.txt'), 'utf8')).toBe('ohwx, b');
  });
});

describe('tokens.count', () => {
  it("counts with CLIP's own tokenizer and its text cleaning, not the estimate", async () => {
    const t = await openTestSession({ 'a.png': await png(64, 64) });
    const res = await t.value('tokens.count', { texts: ['ＡＢＣ', 'it’s', '1girl, solo, long hair', ''] });
    // Fullwidth letters fold to "abc" (one token), the curly apostrophe is straightened (it + 's), 1girl is 1 + girl.
    expect(res).toEqual({ counts: [1, 2, 7, 0], exact: true });
  });
});
