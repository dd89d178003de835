import { assignBuckets, swapsSides, type BucketCount, type ImageGeometry } from './buckets.ts';
import type { UnreadableImage } from './geometry-check.ts';
import { unreadImageReason } from './image-formats.ts';

/*
 * Image statistics of a dataset: sizes, megapixels, aspect ratios and kohya's buckets, binned here so
 * `tagsmith stats --images` and the editor draw the same histogram from the same numbers. Pure: the
 * sizes come in (read from the image headers by electron/core/check/image-geometry.ts).
 */

export interface HistogramBin {
  label: string;
  /** Lower bound (inclusive) and upper bound (exclusive) of the values in the bin; null: no upper bound (JSON has no Infinity). */
  from: number;
  to: number | null;
  count: number;
}

export interface SizedImage {
  image: string;
  width: number;
  height: number;
}

export interface ImageStats extends PictureStats {
  /** Images whose size was read. */
  images: number;
  unreadable: UnreadableImage[];
  /** Images whose EXIF orientation tag turns or mirrors them for display. */
  exifRotated: string[];
  kohyaBuckets: {
    resolution: number;
    buckets: BucketCount[];
    /** Images in a format kohya does not read (left out of its buckets). */
    notRead: number;
  };
}

const MP_EDGES = [0, 0.25, 0.5, 1, 2, 4, 8, 16, null];

/** Megapixels in doubling bins: training resolutions 512-1024 sit at 0.25-1 MP, phone photos at 8-16. */
export function megapixelHistogram(megapixels: readonly number[]): HistogramBin[] {
  const bins = MP_EDGES.slice(0, -1).map((from, i) => {
    const to = MP_EDGES[i + 1]!;
    const label = to === null ? `≥${from} MP` : from === 0 ? `<${to} MP` : `${from}-${to} MP`;
    return { label, from: from!, to, count: 0 };
  });
  fill(bins, megapixels);
  return bins;
}

/** Common ratios from tall to wide, as [width, height]; each bin holds the ratios nearer it than its neighbours. */
const RATIOS: ReadonlyArray<readonly [number, number]> = [
  [1, 3], [2, 5], [1, 2], [9, 16], [2, 3], [3, 4], [4, 5], [1, 1], [5, 4], [4, 3], [3, 2], [16, 9], [2, 1], [5, 2], [3, 1],
];

/**
 * Aspect ratios (width / height) binned around the common ratios. Bin edges are the geometric means of
 * neighbouring ratios, so 1:2 and 2:1 are as far from 1:1 and a bin is as wide in portrait as in landscape.
 */
export function aspectHistogram(ratios: readonly number[]): HistogramBin[] {
  const values = RATIOS.map(([w, h]) => w / h);
  const bins = RATIOS.map(([w, h], i) => {
    const from = i === 0 ? 0 : Math.sqrt(values[i - 1]! * values[i]!);
    const to = i === RATIOS.length - 1 ? null : Math.sqrt(values[i]! * values[i + 1]!);
    const name = `${w}:${h}`;
    const label = i === 0 ? `≤${name}` : i === RATIOS.length - 1 ? `≥${name}` : name;
    return { label, from, to, count: 0 };
  });
  fill(bins, ratios);
  return bins;
}

function fill(bins: HistogramBin[], values: readonly number[]): void {
  for (const v of values) {
    const bin = bins.find((b) => v >= b.from && (b.to === null || v < b.to));
    if (bin) bin.count++;
  }
}

/** The bins from the first to the last non-empty one: a short text histogram without empty tails. */
export function trimEmptyEnds(bins: readonly HistogramBin[]): HistogramBin[] {
  const first = bins.findIndex((b) => b.count > 0);
  if (first < 0) return [];
  const last = bins.length - 1 - [...bins].reverse().findIndex((b) => b.count > 0);
  return bins.slice(first, last + 1);
}

/** Sizes and shapes of the pictures as they are shown (EXIF orientation applied): what the editor's histograms draw. */
export interface PictureStats {
  /** Upright sizes (EXIF orientation applied, as the picture is shown); null without images. */
  width: { min: number; max: number } | null;
  height: { min: number; max: number } | null;
  /** Fewest and most pixels. */
  smallest: SizedImage | null;
  largest: SizedImage | null;
  megapixels: { min: number; median: number; max: number } | null;
  megapixelHistogram: HistogramBin[];
  /** Width / height of the upright picture, binned around the common ratios. */
  aspectHistogram: HistogramBin[];
}

export function pictureStats(images: readonly ImageGeometry[]): PictureStats {
  const upright = images.map((g) => (swapsSides(g.orientation) ? { image: g.image, width: g.height, height: g.width } : { image: g.image, width: g.width, height: g.height }));
  const pixels = (s: SizedImage) => s.width * s.height;
  const mps = upright.map((s) => pixels(s) / 1e6).sort((a, b) => a - b);
  // A loop, not Math.min(...): spreading 100,000 values overflows the argument stack.
  const range = (key: 'width' | 'height') =>
    upright.length ? upright.reduce((r, s) => ({ min: Math.min(r.min, s[key]), max: Math.max(r.max, s[key]) }), { min: Infinity, max: -Infinity }) : null;
  return {
    width: range('width'),
    height: range('height'),
    smallest: upright.reduce<SizedImage | null>((a, s) => (a === null || pixels(s) < pixels(a) ? s : a), null),
    largest: upright.reduce<SizedImage | null>((a, s) => (a === null || pixels(s) > pixels(a) ? s : a), null),
    megapixels: mps.length ? { min: mps[0]!, median: median(mps), max: mps[mps.length - 1]! } : null,
    megapixelHistogram: megapixelHistogram(mps),
    aspectHistogram: aspectHistogram(upright.map((s) => s.width / s.height)),
  };
}

export function imageStats(images: readonly ImageGeometry[], unreadable: readonly UnreadableImage[], opts: { resolution: number }): ImageStats {
  const kohyaImages = images.filter((g) => unreadImageReason('kohya', g.image) === null);
  return {
    images: images.length,
    unreadable: [...unreadable],
    ...pictureStats(images),
    exifRotated: images.filter((g) => g.orientation !== undefined && g.orientation !== 1).map((g) => g.image).sort(),
    kohyaBuckets: {
      resolution: opts.resolution,
      buckets: assignBuckets('kohya', kohyaImages, { resolution: opts.resolution }).buckets,
      notRead: images.length - kohyaImages.length,
    },
  };
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
