import { describe, expect, it } from 'vitest';
import { checkGeometry, combineCheck, type GeometryInput } from './geometry-check.ts';
import type { TrainerReading } from './reading.ts';
import type { TrainerFormat } from './types.ts';

const square = (image: string, side = 1024) => ({ image, width: side, height: side });

function check(trainer: TrainerFormat, over: Partial<GeometryInput> = {}) {
  return checkGeometry(trainer, { images: [], unreadable: [], resolution: 1024, batchSize: 1, ...over });
}

const kinds = (r: ReturnType<typeof check>) => r.findings.map((f) => `${f.kind}:${f.severity}`);

describe('checkGeometry', () => {
  it('finds nothing in 1024² images at 1024 with batch size 1, and tables their bucket', () => {
    for (const trainer of ['kohya', 'ai-toolkit', 'onetrainer'] as const) {
      const r = check(trainer, { images: [square('a.png'), square('b.png')] });
      expect(r.findings).toEqual([]);
      expect(r.geometry.buckets.filter((b) => b.resolution === 1024)).toEqual([{ resolution: 1024, width: 1024, height: 1024, images: ['a.png', 'b.png'] }]);
    }
    expect(check('ai-toolkit', { images: [square('a.png')] }).geometry.resolutions).toEqual([512, 768, 1024]);
  });

  it('stops kohya and OneTrainer on an unreadable image; ai-toolkit leaves it out unless none is left', () => {
    const unreadable = [{ image: 'bad.png', reason: 'not a recognised image format' }];
    const ok = [square('a.png')];
    expect(kinds(check('kohya', { images: ok, unreadable }))).toEqual(['unreadable-image:blocker']);
    expect(kinds(check('onetrainer', { images: ok, unreadable }))).toEqual(['unreadable-image:blocker']);
    expect(kinds(check('ai-toolkit', { images: ok, unreadable }))).toEqual(['unreadable-image:warning']);
    expect(kinds(check('ai-toolkit', { unreadable }))).toEqual(['unreadable-image:blocker']);
    expect(check('kohya', { images: ok, unreadable }).geometry.unreadable).toEqual(unreadable);
  });

  it('warns about EXIF-rotated photos for kohya only, which ignores the tag', () => {
    // Stored 1280x832 and turned upright to 832x1280, which is one of OneTrainer's buckets.
    const images = [{ image: 'turned.jpg', width: 1280, height: 832, orientation: 6 }, { image: 'flat.jpg', width: 1024, height: 1024, orientation: 1 }];
    const kohya = check('kohya', { images });
    expect(kohya.findings).toMatchObject([{ kind: 'exif-rotated', severity: 'warning', images: ['turned.jpg'] }]);
    expect(kohya.geometry.buckets.map((b) => `${b.width}x${b.height}`)).toEqual(['1024x1024', '1216x832']);
    // The others turn it upright first: it is bucketed portrait and nothing is wrong.
    const one = check('onetrainer', { images });
    expect(one.findings).toEqual([]);
    expect(one.geometry.buckets.map((b) => `${b.width}x${b.height}`)).toEqual(['832x1280', '1024x1024']);
    expect(check('ai-toolkit', { images }).geometry.buckets.filter((b) => b.resolution === 1024).map((b) => `${b.width}x${b.height}`)).toEqual(['816x1280', '1024x1024']);
  });

  it('flags an SDXL-sized 832x1216 for OneTrainer: none of its buckets is that size, so it is upscaled 5% and cropped', () => {
    expect(check('onetrainer', { images: [{ image: 'sdxl.png', width: 832, height: 1216 }] }).findings).toMatchObject([
      { kind: 'smaller-than-resolution', message: expect.stringContaining('by up to ×1.05 (sdxl.png: 832×1216 to 876×1280)') },
    ]);
    expect(check('kohya', { images: [{ image: 'sdxl.png', width: 832, height: 1216 }] }).findings).toEqual([]);
  });

  it('says how much kohya and OneTrainer upscale small images, and that ai-toolkit trains them small', () => {
    const images = [square('big.png', 2048), { image: 'small.png', width: 500, height: 300 }, square('near.png', 1000)];
    const kohya = check('kohya', { images }).findings;
    expect(kohya).toEqual([
      {
        kind: 'smaller-than-resolution',
        severity: 'warning',
        message: 'smaller than the training resolution: kohya sd-scripts upscales them to cover their bucket, by up to ×2.56 (small.png: 500×300 to 1280×768)',
        images: ['near.png', 'small.png'],
      },
    ]);
    expect(check('onetrainer', { images }).findings[0]!.message).toContain('by up to ×2.69 (small.png: 500×300 to 1344×806)');
    expect(check('ai-toolkit', { images }).findings).toEqual([
      {
        kind: 'smaller-than-resolution',
        severity: 'warning',
        message: 'fewer pixels than 1024×1024: ai-toolkit does not upscale them, so they train at their own size in smaller buckets (smallest 496×304, small.png)',
        images: ['near.png', 'small.png'],
      },
    ]);
  });

  it('names the images in buckets smaller than the batch size, per trainer', () => {
    const images = [square('a.png'), square('b.png'), square('c.png'), { image: 'wide.png', width: 1280, height: 832 }];
    expect(check('kohya', { images, batchSize: 3 }).findings).toEqual([
      {
        kind: 'bucket-below-batch',
        severity: 'warning',
        message: 'their bucket holds fewer images than the batch size 3 (1216×832: 1): kohya trains them in smaller batches (or, with repeats, with the same image twice in one batch)',
        images: ['wide.png'],
      },
    ]);
    expect(check('kohya', { images, batchSize: 4 }).findings[0]!.images).toEqual(['a.png', 'b.png', 'c.png', 'wide.png']);
    expect(check('kohya', { images, batchSize: 1 }).findings).toEqual([]);
    expect(check('onetrainer', { images, batchSize: 2 }).findings[0]!.message).toMatch(/OneTrainer drops samples/);
    const ai = check('ai-toolkit', { images, batchSize: 2 }).findings[0]!;
    expect(ai.message).toContain('(624×416 at 512: 1, 944×624 at 768: 1, 1280×816 at 1024: 1)');
    expect(ai.message).toContain('ai-toolkit fills their batch with copies of the same images');
  });
});

describe('combineCheck', () => {
  it('puts every blocker before every warning and keeps the geometry', () => {
    const reading: TrainerReading = {
      trainer: 'kohya',
      captionExtension: '.txt',
      counts: { loaded: 2, captioned: 2, uncaptioned: 0, skipped: 0 },
      findings: [
        { kind: 'not-utf8', severity: 'blocker', message: 'm', images: ['a.png'] },
        { kind: 'bom', severity: 'warning', message: 'm', images: ['b.png'] },
      ],
      images: [],
    };
    const { geometry, findings } = check('kohya', {
      images: [{ image: 'b.png', width: 1024, height: 1024, orientation: 8 }],
      unreadable: [{ image: 'a.png', reason: 'r' }],
    });
    const combined = combineCheck(reading, geometry, findings);
    expect(combined.findings.map((f) => f.kind)).toEqual(['not-utf8', 'unreadable-image', 'bom', 'exif-rotated']);
    expect(combined.geometry).toBe(geometry);
    expect(JSON.parse(JSON.stringify(combined))).toEqual(combined);
  });
});
