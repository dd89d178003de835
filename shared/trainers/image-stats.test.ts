import { describe, expect, it } from 'vitest';
import { aspectHistogram, imageStats, megapixelHistogram, trimEmptyEnds } from './image-stats.ts';

const counts = (bins: ReadonlyArray<{ label: string; count: number }>) => Object.fromEntries(bins.filter((b) => b.count > 0).map((b) => [b.label, b.count]));

describe('histograms', () => {
  it('bins megapixels in doublings, lower edge inclusive, open at the top', () => {
    const bins = megapixelHistogram([0.1, 0.25, 0.3, 1.0, 1.048576, 3.9, 4, 24]);
    expect(counts(bins)).toEqual({ '<0.25 MP': 1, '0.25-0.5 MP': 2, '1-2 MP': 2, '2-4 MP': 1, '4-8 MP': 1, '≥16 MP': 1 });
    expect(bins.at(-1)).toEqual({ label: '≥16 MP', from: 16, to: null, count: 1 });
  });

  it('bins aspect ratios around the common ones, portrait and landscape alike', () => {
    const bins = aspectHistogram([1, 832 / 1216, 2 / 3, 3 / 2, 16 / 9, 1920 / 1080, 9 / 16, 0.1, 10, 1.1]);
    // 832/1216 = 0.684 is nearer 2:3 than 3:4; 1.1 is below the 1:1 | 5:4 edge sqrt(1.25) = 1.118.
    expect(counts(bins)).toEqual({ '≤1:3': 1, '9:16': 1, '2:3': 2, '1:1': 2, '3:2': 1, '16:9': 2, '≥3:1': 1 });
    // Every ratio lands in exactly one bin.
    const edges = bins.flatMap((b, i) => (i > 0 ? [b.from] : []));
    for (const [i, e] of edges.entries()) expect(bins[i]!.to).toBe(e);
  });

  it('trims empty bins at both ends only', () => {
    const bins = megapixelHistogram([0.3, 3]);
    expect(trimEmptyEnds(bins).map((b) => `${b.label}=${b.count}`)).toEqual(['0.25-0.5 MP=1', '0.5-1 MP=0', '1-2 MP=0', '2-4 MP=1']);
    expect(trimEmptyEnds(megapixelHistogram([]))).toEqual([]);
  });
});

describe('imageStats', () => {
  it('measures the upright pictures and buckets what kohya reads', () => {
    const s = imageStats(
      [
        { image: 'a.png', width: 1024, height: 1024 },
        { image: 'photo.jpg', width: 4000, height: 3000, orientation: 6 },
        { image: 'small.webp', width: 500, height: 300 },
        { image: 'anim.gif', width: 640, height: 480 },
      ],
      [{ image: 'bad.png', reason: 'not a recognised image format' }],
      { resolution: 1024 },
    );
    expect(s).toMatchObject({
      images: 4,
      width: { min: 500, max: 3000 },
      height: { min: 300, max: 4000 },
      smallest: { image: 'small.webp', width: 500, height: 300 },
      largest: { image: 'photo.jpg', width: 3000, height: 4000 },
      megapixels: { min: 0.15, median: (0.307200 + 1.048576) / 2, max: 12 },
      exifRotated: ['photo.jpg'],
    });
    expect(counts(s.aspectHistogram)).toEqual({ '3:4': 1, '1:1': 1, '4:3': 1, '16:9': 1 });
    // kohya does not read .gif; it buckets the photo as stored (4000x3000, 4:3).
    expect(s.kohyaBuckets.notRead).toBe(1);
    expect(s.kohyaBuckets.buckets.map((b) => `${b.width}x${b.height}:${b.images.join(',')}`)).toEqual(['1024x1024:a.png', '1152x896:photo.jpg', '1280x768:small.webp']);
    expect(s.unreadable).toEqual([{ image: 'bad.png', reason: 'not a recognised image format' }]);
  });

  it('is empty without images', () => {
    expect(imageStats([], [], { resolution: 1024 })).toMatchObject({ images: 0, width: null, smallest: null, megapixels: null, exifRotated: [] });
  });
});
