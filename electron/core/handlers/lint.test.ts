import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { variedDataset } from '../../../shared/lint/testing/generated-captions.ts';
import { copyOf, picture } from '../lint/testing/pictures.ts';
import { openTestSession } from './test-session.ts';
import type { TestSession } from './test-session.ts';

// Generated pictures: five different ones, and a re-saved copy (half size, JPEG) of the first.
let pictures: Buffer[];
let smallCopy: Buffer;
beforeAll(async () => {
  pictures = await Promise.all([11, 12, 13, 14, 15].map((seed) => picture(seed)));
  smallCopy = await copyOf(pictures[0]!, { scale: 0.5, format: 'jpeg', quality: 70 });
});

/** Five different pictures with clean, varied captions (trigger ohwx, every tag group, three sentences). */
function cleanSet(): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  variedDataset(5, 7).forEach((item, i) => {
    files[`img_${i}.png`] = pictures[i]!;
    files[`img_${i}.txt`] = item.caption!;
  });
  return files;
}

async function withTrigger(t: TestSession): Promise<void> {
  await t.value('settings.update', { patch: { triggerWords: ['ohwx'] } });
}

describe('lint.run', () => {
  it('finds nothing in a clean set, and caches hashes with the session thumbnails', async () => {
    const t = await openTestSession(cleanSet());
    await withTrigger(t);
    const report = await t.value('lint.run', {});
    expect(report.findings).toEqual([]);
    expect(Object.values(report.counts).every((n) => n === 0)).toBe(true);
    expect(report.imageHashes).toBe('done');
    expect(['clip-bpe', 'estimate']).toContain(report.tokenizer);
    expect(report.summary).toMatchObject({ images: 5, captioned: 5, uniqueTagSets: 1 });

    const thumb = await t.session.thumbnails().get(path.join(t.root, 'img_0.png'), 16);
    if (!thumb.ok) expect.fail(thumb.error.message);
    const thumbnailCache = path.dirname(path.dirname(thumb.value.path));
    expect(fs.readdirSync(path.join(thumbnailCache, 'image-hashes'))).toHaveLength(1);
    expect(fs.readdirSync(t.root).filter((name) => !/^img_\d\.(png|txt)$/.test(name))).toEqual(['.tagsmith']);
  });

  it('finds images sharing one caption', async () => {
    const files = cleanSet();
    files['img_3.txt'] = files['img_1.txt']!;
    const t = await openTestSession(files);
    await withTrigger(t);
    const report = await t.value('lint.run', { images: false });
    const identical = report.findings.filter((f) => f.rule === 'identical');
    expect(identical.map((f) => f.images)).toEqual([['img_1.png', 'img_3.png']]);
    expect(report.counts.identical).toBe(2);
  });

  it('finds a resized copy of a picture that has its own caption, and skips a corrupt image', async () => {
    const files = cleanSet();
    files['copies/img_0 small.jpg'] = smallCopy;
    files['copies/img_0 small.txt'] = variedDataset(1, 99)[0]!.caption!;
    files['broken.png'] = pictures[1]!.subarray(0, 300);
    const t = await openTestSession(files);
    await withTrigger(t);

    const report = await t.value('lint.run', { images: true });
    expect(report.imageHashes).toBe('done');
    const duplicates = report.findings.filter((f) => f.rule === 'duplicate-image');
    expect(duplicates.map((f) => [f.severity, f.images])).toEqual([['error', ['copies/img_0 small.jpg', 'img_0.png']]]);
    expect(duplicates[0]!.message).toMatch(/different captions/);

    const without = await t.value('lint.run', { images: false });
    expect(without.imageHashes).toBe('off');
    expect(without.findings.filter((f) => f.rule === 'duplicate-image')).toEqual([]);
  });

  it('does not hash at all when the duplicate-image rule is disabled for the dataset', async () => {
    const files = cleanSet();
    files['img_0 copy.jpg'] = smallCopy;
    const t = await openTestSession(files);
    const settings = t.session.dataset().settings();
    await t.value('settings.update', { patch: { lint: { ...settings.lint, disabled: ['duplicate-image'] } } });
    const report = await t.value('lint.run', {});
    expect(report.imageHashes).toBe('off');
    expect(report.counts['duplicate-image']).toBe(0);
  });

  it('rejects an unknown request field', async () => {
    const t = await openTestSession(cleanSet());
    expect((await t.failure('lint.run', { images: true, rules: ['identical'] })).kind).toBe('invalid-request');
  });
});
