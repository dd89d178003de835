import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../dataset/dataset.ts';
import { PNG, tempTrees } from '../dataset/test-fixtures.ts';
import { pngDeclaring } from '../thumbnails/testing/fixtures.ts';
import { checkTrainer } from './trainer-check.ts';

const tree = tempTrees();

// With the shipped CLIP vocabulary `red` and `,` are one token each, so n tags cost 2n - 1.
const tags = (n: number) => Array.from({ length: n }, () => 'red').join(', ');

describe('checkTrainer token limit', () => {
  it('counts with the real CLIP tokenizer, at 75 by default and at 150 when asked', async () => {
    // Every CLIP text encoder shares one vocabulary, so whichever copy loadTokenCounter finds gives these.
    const root = tree({ 'a.png': PNG, 'a.txt': `${tags(37)}\n`, 'b.png': PNG, 'b.txt': tags(40), 'c.png': PNG, 'c.txt': tags(80) });
    const ds = await Dataset.open(root);

    const at75 = await checkTrainer(ds, 'kohya');
    expect(at75.images.map((i) => i.tokens)).toEqual([73, 79, 159]);
    expect(at75.findings.filter((f) => f.kind === 'over-token-limit')).toEqual([
      {
        kind: 'over-token-limit',
        severity: 'warning',
        message: 'over the 75-token limit (CLIP): the text past it is cut off and not trained; most: 159 tokens (c.png)',
        images: ['b.png', 'c.png'],
      },
    ]);

    const at150 = await checkTrainer(ds, 'kohya', { maxTokenLength: 150 });
    expect(at150.findings.filter((f) => f.kind === 'over-token-limit')).toMatchObject([{ kind: 'over-token-limit', images: ['c.png'], message: expect.stringContaining('150-token limit (CLIP, max_token_length 150)') }]);
    expect((await checkTrainer(ds, 'kohya', { maxTokenLength: 225 })).findings.map((f) => f.kind)).not.toContain('over-token-limit');
    expect((await checkTrainer(ds, 'kohya', { maxTokenLength: null })).images[0]!.tokens).toBeUndefined();
  });

  it('counts the text the trainer encodes: ai-toolkit adds its trigger word in front', async () => {
    const root = tree({ '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: ['red'] }), 'a.png': PNG, 'a.txt': 'blue, green' });
    const ds = await Dataset.open(root);
    expect((await checkTrainer(ds, 'ai-toolkit')).images[0]!.tokens).toBe(4);
    expect((await checkTrainer(ds, 'kohya')).images[0]!.tokens).toBe(3);
  });
});

describe('checkTrainer lists the folder as each trainer does', () => {
  // A header that declares 64x64: enough for the size every trainer reads first.
  const IMG = pngDeclaring(64, 64);
  const imagesOf = (c: { images: Array<{ image: string; skipped: string | null }> }) => c.images.filter((i) => i.skipped === null).map((i) => i.image);
  // The 64x64 images are all under the resolution: that warning is beside the point here.
  const kindsOf = (c: { findings: Array<{ kind: string; severity: string }> }) => c.findings.filter((f) => f.kind !== 'smaller-than-resolution').map((f) => `${f.kind}:${f.severity}`);

  it('hidden files, a symlinked folder (once, even when it loops back), a folder named like a caption or an image, a dangling link', async () => {
    const outside = tree({ 'linked.png': IMG, 'linked.txt': 'ohwx, linked' });
    const root = tree({
      'a.png': IMG,
      'a.txt': 'ohwx, a',
      '.h.png': IMG,
      '.h.txt': 'ohwx, hidden',
      '.tagsmith/x.png': IMG,
      'd.png': IMG,
      'd.txt/keep': 'a folder where the caption file would be',
      'folder.png/inner.png': IMG,
      'folder.png/inner.txt': 'ohwx, inner',
    });
    fs.symlinkSync(outside, path.join(root, 'link'));
    fs.symlinkSync(root, path.join(root, 'loop'));
    fs.symlinkSync(path.join(root, 'gone.png'), path.join(root, 'broken.png'));
    const ds = await Dataset.open(root);

    const one = await checkTrainer(ds, 'onetrainer');
    expect(imagesOf(one)).toEqual(['.h.png', 'a.png', 'd.png', 'folder.png/inner.png', 'link/linked.png']);
    expect(one.images.find((i) => i.image === '.h.png')!.trained).toEqual(['ohwx, hidden']);
    expect(kindsOf(one)).toEqual(['caption-not-a-file:blocker', 'unseen-image:warning', 'unseen-image:warning', 'symlink-loop:warning']);
    const loop = one.findings.find((f) => f.kind === 'symlink-loop')!;
    expect(loop.message).toMatch(/^the symlinked folder "loop" leads back to the dataset folder: OneTrainer lists these images again/);
    expect(loop.images).toEqual(imagesOf(one));
    // Without include_subdirectories OneTrainer never enters it.
    expect(kindsOf(await checkTrainer(ds, 'onetrainer', { rootOnly: true }))).not.toContain('symlink-loop:warning');

    const ai = await checkTrainer(ds, 'ai-toolkit');
    expect(imagesOf(ai)).toEqual(['a.png', 'd.png', 'folder.png/inner.png']);
    expect(kindsOf(ai)).toEqual(['caption-not-a-file:blocker']);

    // kohya globs every name with an image extension and reads each one's size: the folder and the
    // dangling link stop it.
    const kohya = await checkTrainer(ds, 'kohya');
    expect(imagesOf(kohya)).toEqual(['a.png', 'broken.png', 'd.png', 'folder.png', 'folder.png/inner.png']);
    const unreadable = kohya.findings.find((f) => f.kind === 'unreadable-image')!;
    expect([unreadable.severity, unreadable.images]).toEqual(['blocker', ['broken.png', 'folder.png']]);
  });
});

describe('checkTrainer buckets ai-toolkit by the model its token limit names', () => {
  it('16 px steps for SD 1.5 / SDXL (CLIP), 32 px with T5 (Flux.1, SD3)', async () => {
    const ds = await Dataset.open(tree({ 'wide.png': pngDeclaring(1920, 1080), 'wide.txt': 'ohwx' }));
    const at1024 = async (maxTokenLength: 75 | 512) =>
      (await checkTrainer(ds, 'ai-toolkit', { maxTokenLength })).geometry.buckets.filter((b) => b.resolution === 1024).map((b) => `${b.width}x${b.height}`);
    // ai-toolkit's own get_bucket_for_image_size gives these at divisibility 16 and 32.
    expect(await at1024(75)).toEqual(['1360x768']);
    expect(await at1024(512)).toEqual(['1344x768']);
  });
});
