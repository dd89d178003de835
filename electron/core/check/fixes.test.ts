import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixForFinding, type TrainerFixPlan } from '../../../shared/trainers/fixes.ts';
import { Dataset } from '../dataset/dataset.ts';
import { openTestSession } from '../handlers/test-session.ts';
import { announceMutation } from '../session/mutation.ts';
import { listAll, PNG, readBytes, tempTrees } from '../dataset/test-fixtures.ts';
import { applyTrainerFixes, planTrainerFixes } from './fixes.ts';
import { checkTrainer } from './trainer-check.ts';

const tree = tempTrees();
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const bytes = (s: string) => Buffer.from(s, 'utf8');
const userFiles = (root: string) => listAll(root).filter((f) => !f.startsWith('.tagsmith/'));
/** Every user file with its exact bytes, to compare the folder before a fix and after its undo. */
const snapshot = (root: string) => Object.fromEntries(userFiles(root).map((f) => [f, readBytes(root, f).toString('hex')]));

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('trainer fixes', () => {
  it('strips a BOM, keeping every other byte (CRLF, line 2), and undo puts the BOM back', async () => {
    const root = tree({ 'a.png': PNG, 'a.txt': Buffer.concat([BOM, bytes('ohwx, smile\r\nline two\r\n')]), 'b.png': PNG, 'b.txt': 'ohwx, b' });
    const before = snapshot(root);
    const ds = await Dataset.open(root);
    const res = unwrap(await applyTrainerFixes(ds, { kinds: ['bom'], trainer: 'kohya' }));
    expect(res.counts).toEqual({ bom: 1, 'caption-ext': 0, 'empty-files': 0 });
    expect(res.entry).toMatchObject({ files: 1, applied: true });
    expect(readBytes(root, 'a.txt')).toEqual(bytes('ohwx, smile\r\nline two\r\n'));
    expect(ds.image('a.png')!.caption!.text).toBe('ohwx, smile\r\nline two\r\n');
    expect(kinds(await checkTrainer(ds, 'kohya'))).not.toContain('bom');

    unwrap(await ds.undo());
    expect(snapshot(root)).toEqual(before);
    expect(ds.image('a.png')!.caption!.text).toBe('\uFEFFohwx, smile\r\nline two\r\n');
  });

  it('renames .caption to .txt in a .txt dataset: same bytes, the image pairs with it at once; undo brings the old name back', async () => {
    const root = tree({ 'a.png': PNG, 'a.caption': 'ohwx, a\r\nnote\n', 'sub/b.jpg': PNG, 'sub/b.caption': Buffer.concat([BOM, bytes('ohwx, b')]) });
    const before = snapshot(root);
    const ds = await Dataset.open(root);
    expect(ds.image('a.png')!.caption).toBeNull();
    const plan = unwrap(await planTrainerFixes(ds, { kinds: ['caption-ext'], trainer: 'onetrainer' }));
    expect(plan.changes.map((c) => [c.path, c.to, c.images])).toEqual([
      ['a.caption', 'a.txt', ['a.png']],
      ['sub/b.caption', 'sub/b.txt', ['sub/b.jpg']],
    ]);
    expect(plan.captionExtension).toBeNull();
    expect(userFiles(root)).toEqual(Object.keys(before)); // planning writes nothing

    const res = unwrap(await applyTrainerFixes(ds, plan));
    expect(res.counts['caption-ext']).toBe(2);
    expect(history(ds)).toEqual([{ files: 4, applied: true }]); // one entry: two created, two removed
    expect(userFiles(root)).toEqual(['a.png', 'a.txt', 'sub/b.jpg', 'sub/b.txt']);
    expect(readBytes(root, 'a.txt')).toEqual(bytes('ohwx, a\r\nnote\n'));
    // Only caption-ext was chosen: the BOM moves with the text.
    expect(readBytes(root, 'sub/b.txt')).toEqual(Buffer.concat([BOM, bytes('ohwx, b')]));
    expect(ds.image('a.png')).toMatchObject({ captionRelPath: 'a.txt', caption: { text: 'ohwx, a\r\nnote\n' } });
    expect(ds.orphanCaptions()).toEqual([]);
    const check = await checkTrainer(ds, 'onetrainer');
    expect(check.counts).toMatchObject({ captioned: 2, uncaptioned: 0 });
    expect(kinds(check)).not.toContain('ignored-caption-file');

    unwrap(await ds.undo());
    expect(snapshot(root)).toEqual(before);
    expect(ds.image('a.png')!.caption).toBeNull();
    expect(ds.orphanCaptions()).toEqual([]);
    // Redo after a restart, from the journal alone.
    const again = await Dataset.open(root);
    unwrap(await again.redo());
    expect(userFiles(root)).toEqual(['a.png', 'a.txt', 'sub/b.jpg', 'sub/b.txt']);
  });

  it('in a .caption dataset the renames switch the caption extension to .txt in the same entry, and undo switches back', async () => {
    const root = tree({ '.tagsmith/settings.json': JSON.stringify({ version: 1, captionExtension: '.caption' }), 'a.png': PNG, 'a.caption': Buffer.concat([BOM, bytes('ohwx, a')]) });
    const before = snapshot(root);
    const ds = await Dataset.open(root);
    const res = unwrap(await applyTrainerFixes(ds, { kinds: ['caption-ext', 'bom'], trainer: 'kohya' }));
    expect(res.plan.captionExtension).toEqual({ from: '.caption', to: '.txt' });
    expect(res.plan.changes).toMatchObject([{ fixes: ['caption-ext', 'bom'], path: 'a.caption', to: 'a.txt', after: 'ohwx, a' }]);
    expect(readBytes(root, 'a.txt')).toEqual(bytes('ohwx, a'));
    expect(ds.settings().captionExtension).toBe('.txt');
    expect(ds.image('a.png')).toMatchObject({ captionRelPath: 'a.txt', caption: { text: 'ohwx, a' } });
    expect(history(ds)).toHaveLength(1);

    unwrap(await ds.undo());
    expect(snapshot(root)).toEqual(before);
    expect(ds.settings().captionExtension).toBe('.caption');
    expect(ds.image('a.png')).toMatchObject({ captionRelPath: 'a.caption', caption: { text: '\uFEFFohwx, a' } });
  });

  it('leaves a .caption whose .txt exists, and says so', async () => {
    const root = tree({ 'a.png': PNG, 'a.caption': 'old words', 'a.txt': 'ohwx, a', 'b.png': PNG, 'b.caption': 'ohwx, b' });
    const ds = await Dataset.open(root);
    const res = unwrap(await applyTrainerFixes(ds, { kinds: ['caption-ext'], trainer: 'kohya' }));
    expect(res.plan.skipped).toEqual([{ fix: 'caption-ext', path: 'a.caption', reason: 'a.txt exists and is the one the trainer reads; left as it is' }]);
    expect(readBytes(root, 'a.caption').toString()).toBe('old words');
    expect(readBytes(root, 'a.txt').toString()).toBe('ohwx, a');
    expect(userFiles(root)).toEqual(['a.caption', 'a.png', 'a.txt', 'b.png', 'b.txt']);
  });

  it('removes 0-byte caption files (of either extension) and undo brings them back; other files are never touched', async () => {
    const root = tree({ 'a.png': PNG, 'a.txt': '', 'b.png': PNG, 'b.caption': '', 'c.png': PNG, 'c.txt': 'ohwx, c', 'notes.txt': '', 'README.txt': '\uFEFFread me' });
    const before = snapshot(root);
    const ds = await Dataset.open(root);
    expect(kinds(await checkTrainer(ds, 'kohya'))).toContain('caption-file-empty');
    const res = unwrap(await applyTrainerFixes(ds, { kinds: ['empty-files', 'bom'], trainer: 'kohya' }));
    expect(res.plan.changes.map((c) => [c.path, c.after])).toEqual([
      ['a.txt', null],
      ['b.caption', null],
    ]);
    expect(userFiles(root)).toEqual(['README.txt', 'a.png', 'b.png', 'c.png', 'c.txt', 'notes.txt']);
    expect(kinds(await checkTrainer(ds, 'kohya'))).not.toContain('caption-file-empty');

    unwrap(await ds.undo());
    expect(snapshot(root)).toEqual(before);
    expect(ds.image('a.png')!.caption).toMatchObject({ text: '', size: 0 });
  });

  it('never leaves a 0-byte file: a BOM-only caption is removed, a 0-byte .caption is not renamed', async () => {
    const root = tree({ 'a.png': PNG, 'a.txt': BOM, 'b.png': PNG, 'b.caption': '' });
    const ds = await Dataset.open(root);
    const res = unwrap(await applyTrainerFixes(ds, { kinds: ['bom', 'caption-ext'], trainer: 'kohya' }));
    expect(res.plan.changes).toMatchObject([{ fixes: ['bom'], path: 'a.txt', after: null }]);
    expect(res.plan.skipped).toMatchObject([{ fix: 'caption-ext', path: 'b.caption', reason: expect.stringMatching(/^0 bytes/) }]);
    expect(userFiles(root)).toEqual(['a.png', 'b.caption', 'b.png']);
  });

  it("also fixes the files the trainer reads in place of its own (kohya's shortened name)", async () => {
    const root = tree({ 'face_001_a_b_c.png': PNG, 'face.txt': Buffer.concat([BOM, bytes('ohwx, style')]) });
    const ds = await Dataset.open(root);
    expect(kinds(await checkTrainer(ds, 'kohya'))).toContain('bom');
    const plan = unwrap(await planTrainerFixes(ds, { kinds: ['bom'], trainer: 'kohya' }));
    expect(plan.changes).toMatchObject([{ path: 'face.txt', images: ['face_001_a_b_c.png'], after: 'ohwx, style' }]);
    // ai-toolkit reads only <image base><caption_ext>: not its caption file, so not touched.
    expect(unwrap(await planTrainerFixes(ds, { kinds: ['bom'], trainer: 'ai-toolkit' })).changes).toEqual([]);
  });

  it('leaves a file another program changed after the plan read it, and fixes the rest', async () => {
    const root = tree({ 'a.png': PNG, 'a.txt': '\uFEFFohwx, a', 'b.png': PNG, 'b.txt': '\uFEFFohwx, b', 'c.png': PNG, 'c.caption': 'ohwx, c' });
    const ds = await Dataset.open(root);
    const plan = unwrap(await planTrainerFixes(ds, { kinds: ['bom', 'caption-ext'], trainer: 'kohya' }));
    fs.writeFileSync(path.join(root, 'a.txt'), '\uFEFFohwx, a, edited elsewhere');
    // ...and another program writes c.txt itself: the rename must not remove c.caption then.
    fs.writeFileSync(path.join(root, 'c.txt'), 'theirs');
    const res = unwrap(await applyTrainerFixes(ds, plan));
    expect(res.conflicts.map((c) => c.path).sort()).toEqual(['a.txt', 'c.caption', 'c.txt']);
    expect(res.counts).toEqual({ bom: 1, 'caption-ext': 0, 'empty-files': 0 });
    expect(readBytes(root, 'a.txt').toString()).toBe('\uFEFFohwx, a, edited elsewhere');
    expect(readBytes(root, 'b.txt').toString()).toBe('ohwx, b');
    expect(readBytes(root, 'c.txt').toString()).toBe('theirs');
    expect(readBytes(root, 'c.caption').toString()).toBe('ohwx, c');
    // The entry holds only what was written, so undo touches only b.txt.
    expect(history(ds)).toEqual([{ files: 1, applied: true }]);
    unwrap(await ds.undo());
    expect(readBytes(root, 'b.txt').toString()).toBe('\uFEFFohwx, b');
    expect(readBytes(root, 'a.txt').toString()).toBe('\uFEFFohwx, a, edited elsewhere');
  });

  it('refuses undo when a fixed file changed since, writing nothing', async () => {
    const root = tree({ 'a.png': PNG, 'a.caption': 'ohwx, a' });
    const ds = await Dataset.open(root);
    unwrap(await applyTrainerFixes(ds, { kinds: ['caption-ext'], trainer: 'kohya' }));
    fs.writeFileSync(path.join(root, 'a.txt'), 'ohwx, a, more');
    const u = await ds.undo();
    expect(!u.ok && u.error.kind).toBe('conflict');
    expect(userFiles(root)).toEqual(['a.png', 'a.txt']);
  });

  it('refuses a plan that is not what the fixes produce, and a rename when the trainer reads .caption', async () => {
    const root = tree({ 'a.png': PNG, 'a.txt': '\uFEFFohwx, a', 'b.png': PNG, 'b.caption': 'ohwx, b' });
    const ds = await Dataset.open(root);
    const plan = unwrap(await planTrainerFixes(ds, { kinds: ['bom', 'caption-ext'], trainer: 'kohya' }));
    const forged: TrainerFixPlan[] = [
      { ...plan, changes: [{ ...plan.changes[0]!, after: 'something else' }] },
      { ...plan, changes: [{ ...plan.changes[1]!, to: 'elsewhere.txt' }] },
      { ...plan, kinds: ['delete-everything' as never] },
    ];
    for (const p of forged) {
      const res = await applyTrainerFixes(ds, p);
      expect(!res.ok && res.error.kind).toBe('invalid-argument');
    }
    const readsCaption = await planTrainerFixes(ds, { kinds: ['caption-ext'], trainer: 'kohya', captionExtension: '.caption' });
    expect(!readsCaption.ok && readsCaption.error.message).toMatch(/trainer reads \.caption/);
    expect(userFiles(root)).toEqual(['a.png', 'a.txt', 'b.caption', 'b.png']);
    expect(ds.history().entries).toEqual([]);
  });

  it("the editor's undo (history.undo) reverts a fix run, and every client hears of both", async () => {
    const t = await openTestSession({ '.tagsmith/settings.json': JSON.stringify({ version: 1, captionExtension: '.caption' }), 'a.png': PNG, 'a.caption': '\uFEFFohwx, a' });
    const before = snapshot(t.root);
    const done = await announceMutation(t.session, (ds) => applyTrainerFixes(ds, { kinds: ['caption-ext', 'bom'], trainer: 'onetrainer' }));
    expect(done.ok && done.value.images).toEqual([{ id: 'a.png', captionPath: 'a.txt', caption: 'ohwx, a' }]);
    expect(t.eventsOf('settings.changed').map((s) => s.captionExtension)).toEqual(['.txt']);

    const undone = await t.value('history.undo');
    expect(undone.images).toEqual([{ id: 'a.png', captionPath: 'a.caption', caption: '\uFEFFohwx, a' }]);
    expect(snapshot(t.root)).toEqual(before);
    expect(t.eventsOf('settings.changed').map((s) => s.captionExtension)).toEqual(['.txt', '.caption']);
  });

  it('offers the fix on the finding it answers', async () => {
    const root = tree({ 'a.png': PNG, 'a.txt': '', 'b.png': PNG, 'b.txt': '\uFEFFohwx', 'c.png': PNG, 'c.caption': 'ohwx, c' });
    const ds = await Dataset.open(root);
    const fixes = (r: Awaited<ReturnType<typeof checkTrainer>>) => Object.fromEntries(r.findings.map((f) => [f.kind, fixForFinding(f, r)]));
    expect(fixes(await checkTrainer(ds, 'kohya'))).toMatchObject({ 'caption-file-empty': 'empty-files', bom: 'bom', 'ignored-caption-file': 'caption-ext', uncaptioned: null });
    // A trainer set to .caption ignores the .txt files: renaming .caption ones would not help it.
    expect(fixes(await checkTrainer(ds, 'kohya', { captionExtension: '.caption' }))['ignored-caption-file']).toBeNull();
  });
});

/** The finding kinds of a check (the test images are not decodable: their own findings are beside the point here). */
const kinds = (r: { findings: Array<{ kind: string }> }) => r.findings.map((f) => f.kind);

function history(ds: Dataset) {
  return ds.history().entries.map((e) => ({ files: e.files, applied: e.applied }));
}
