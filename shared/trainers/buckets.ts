import { aiToolkitResolutions } from './ai-toolkit.ts';
import { kohyaMinBucketReso, KOHYA_MIN_BUCKET_RESO } from './kohya.ts';
import type { TrainerFormat } from './types.ts';

/*
 * Aspect-ratio buckets: every trainer resizes and crops each image to one of a set of sizes ("buckets")
 * near its aspect ratio, and batches only images of one bucket together. Which bucket an image lands in
 * decides how much of it is cropped away, whether it is upscaled, and how many batch partners it has.
 * Each function below follows the trainer's own code, read 2026-12 (cited per function), including its
 * float arithmetic and how it breaks ties, so an image between two buckets lands where the trainer puts it.
 *
 * Sizes: kohya reads the stored pixel size and never applies the EXIF orientation tag (train_util
 * get_image_size uses imagesize / PIL `.size`, load_image has no exif_transpose). ai-toolkit
 * (FileItemDTO: `exif_transpose(Image.open(path))`) and OneTrainer (mgds LoadImage:
 * `read_image(..., apply_exif_orientation=True)`, Pillow fallback with `ImageOps.exif_transpose`) turn
 * the image upright first, so a tagged photo is bucketed by its displayed size there.
 */

export interface Size {
  width: number;
  height: number;
}

/** Where one image goes at one training resolution. */
export interface BucketAssignment {
  bucket: Size;
  /** The size the image is resized to before it is cropped to the bucket. */
  resized: Size;
  /** resized / original along the side that fits the bucket: > 1 means the image is upscaled. */
  scale: number;
}

// ---- Python arithmetic the trainers rely on -----------------------------------------------------

/** Python's int() of a float: truncation toward zero. */
const pyInt = (x: number): number => Math.trunc(x);

/** Python's round() of a float: to the nearest integer, halves to the even one (not JS's halves-up). */
export function pyRound(x: number): number {
  const floor = Math.floor(x);
  const frac = x - floor; // exact for doubles below 2^52
  if (frac > 0.5) return floor + 1;
  if (frac < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Python's `a // b` on floats (floatobject.c float_floor_div): fmod first, so it never rounds up past the true floor. */
function pyFloorDiv(a: number, b: number): number {
  const mod = a % b;
  const div = (a - mod) / b;
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}

/** numpy argmin: the index of the first smallest value. */
function argmin(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[best]!) best = i;
  return best;
}

// ---- kohya sd-scripts ---------------------------------------------------------------------------

export interface KohyaBucketSettings {
  /** The dataset's `resolution` (width, height); Tagsmith writes a square one. */
  resolution: Size;
  minBucketReso: number;
  maxBucketReso: number;
  bucketResoSteps: number;
  bucketNoUpscale: boolean;
}

/**
 * The bucket settings of the dataset.toml Tagsmith writes (kohya.ts): enable_bucket on, kohya's
 * min_bucket_reso 256 unless the resolution is below it, max_bucket_reso twice the resolution (at
 * least 1024), and kohya's defaults otherwise: bucket_reso_steps 64, bucket_no_upscale false
 * (config_util.py DreamBoothDatasetParams). The max formula repeats kohya.ts's private
 * maxBucketReso; buckets.test.ts parses kohyaToml's output to keep the two in step.
 */
export function kohyaBucketSettings(resolution: number): KohyaBucketSettings {
  return {
    resolution: { width: resolution, height: resolution },
    minBucketReso: kohyaMinBucketReso(resolution) ?? KOHYA_MIN_BUCKET_RESO,
    maxBucketReso: Math.max(1024, Math.ceil((resolution * 2) / 64) * 64),
    bucketResoSteps: 64,
    bucketNoUpscale: false,
  };
}

/** train_util.adjust_min_max_bucket_reso_by_steps: min rounded down, max rounded up to the step. */
function adjustedMinMax(s: KohyaBucketSettings): { min: number; max: number } {
  const steps = s.bucketResoSteps;
  const min = s.minBucketReso % steps !== 0 ? s.minBucketReso - (s.minBucketReso % steps) : s.minBucketReso;
  const max = s.maxBucketReso % steps !== 0 ? s.maxBucketReso + steps - (s.maxBucketReso % steps) : s.maxBucketReso;
  return { min, max };
}

/**
 * kohya's predefined buckets, as library/model_util.py make_bucket_resolutions builds them: the
 * square of the resolution's area rounded down to the step, then for every width from min to max in
 * steps the tallest height within the area (capped at max), both orientations, sorted as Python sorts
 * (width, height) tuples.
 */
export function kohyaBucketResolutions(s: KohyaBucketSettings): Size[] {
  const { min, max } = adjustedMinMax(s);
  const divisible = s.bucketResoSteps;
  const maxArea = s.resolution.width * s.resolution.height;
  const resos = new Map<string, Size>();
  const add = (width: number, height: number) => resos.set(`${width}x${height}`, { width, height });
  const square = pyInt(pyFloorDiv(Math.sqrt(maxArea), divisible)) * divisible;
  add(square, square);
  for (let width = min; width <= max; width += divisible) {
    const height = Math.min(max, pyInt(Math.floor(Math.floor(maxArea / width) / divisible)) * divisible);
    if (height >= min) {
      add(width, height);
      add(height, width);
    }
  }
  return [...resos.values()].sort((a, b) => a.width - b.width || a.height - b.height);
}

/**
 * kohya's bucket choice, library/train_util.py BucketManager.select_bucket. Without bucket_no_upscale:
 * an image whose size is a predefined bucket keeps it; otherwise the predefined bucket with the
 * nearest aspect ratio (numpy argmin: the first of equals in sorted order), then the image is scaled so
 * the bucket is covered and the overflow cropped, up or down. With bucket_no_upscale: an image over the
 * resolution's area is scaled down to it (the side rounded to the step that keeps the aspect closer),
 * and the bucket is that size cut down to the step: nothing is ever upscaled.
 */
export function kohyaBucketer(s: KohyaBucketSettings): (width: number, height: number) => BucketAssignment {
  const steps = s.bucketResoSteps;
  if (s.bucketNoUpscale) {
    const maxArea = s.resolution.width * s.resolution.height;
    const roundToSteps = (x: number) => {
      const i = pyInt(x + 0.5);
      return i - (i % steps);
    };
    return (width, height) => {
      const aspect = width / height;
      let resized: Size;
      if (width * height > maxArea) {
        const resizedWidth = Math.sqrt(maxArea * aspect);
        const resizedHeight = maxArea / resizedWidth;
        const bWidthRounded = roundToSteps(resizedWidth);
        const bHeightInWr = roundToSteps(bWidthRounded / aspect);
        const arWidthRounded = bWidthRounded / bHeightInWr;
        const bHeightRounded = roundToSteps(resizedHeight);
        const bWidthInHr = roundToSteps(bHeightRounded * aspect);
        const arHeightRounded = bWidthInHr / bHeightRounded;
        // Python raises ZeroDivisionError where JS gives Infinity/NaN: images over ~64x narrower than
        // wide, on which kohya stops.
        resized = Math.abs(arWidthRounded - aspect) < Math.abs(arHeightRounded - aspect)
          ? { width: bWidthRounded, height: pyInt(bWidthRounded / aspect + 0.5) }
          : { width: pyInt(bHeightRounded * aspect + 0.5), height: bHeightRounded };
      } else {
        resized = { width, height };
      }
      // A side under the step gives a 0 bucket side here; kohya then divides by it (select_bucket's
      // ar_error) and stops with ZeroDivisionError. Tagsmith's configs never set bucket_no_upscale.
      const bucket = { width: resized.width - (resized.width % steps), height: resized.height - (resized.height % steps) };
      return { bucket, resized, scale: resized.width / width };
    };
  }
  const predefined = kohyaBucketResolutions(s);
  const exact = new Set(predefined.map((r) => `${r.width}x${r.height}`));
  const aspects = predefined.map((r) => r.width / r.height);
  return (width, height) => {
    const aspect = width / height;
    const bucket = exact.has(`${width}x${height}`) ? { width, height } : predefined[argmin(aspects.map((a) => Math.abs(a - aspect)))]!;
    // Wider than the bucket: fit the height and crop the sides; otherwise fit the width.
    const scale = aspect > bucket.width / bucket.height ? bucket.height / height : bucket.width / width;
    return { bucket, resized: { width: pyInt(width * scale + 0.5), height: pyInt(height * scale + 0.5) }, scale };
  };
}

// ---- ostris ai-toolkit --------------------------------------------------------------------------

/**
 * ai-toolkit's bucket step for SD 1.5 and SDXL. AiToolkitDataset overwrites the config's
 * bucket_tolerance (default 64) with the model's get_bucket_divisibility() before bucketing: 16 for
 * SD 1.5, SDXL (and Flux.2, Z-Image, HiDream), 32 for Flux.1, SD3, Qwen-Image and Chroma.
 */
export const AI_TOOLKIT_BUCKET_DIVISIBILITY = 16;
/** The step for the T5 models (Flux.1, SD3): see AI_TOOLKIT_BUCKET_DIVISIBILITY. */
export const AI_TOOLKIT_T5_BUCKET_DIVISIBILITY = 32;

/**
 * ai-toolkit's bucket, toolkit/buckets.py get_bucket_for_image_size as BucketsMixin.setup_buckets
 * (toolkit/dataloader_mixins.py) calls it with divisibility = the model's step: the image's pixel count,
 * capped at resolution², spread over its aspect ratio; of the four sizes with each side rounded down or
 * up to the step, the first within the cap whose area is nearest that count. It never upscales to the
 * resolution: a small image trains in a small bucket. setup_buckets then scales by the larger of the
 * two side ratios (rounded up) and centre-crops to the bucket.
 */
export function aiToolkitBucket(width: number, height: number, resolution: number, divisibility = AI_TOOLKIT_BUCKET_DIVISIBILITY): BucketAssignment {
  const totalPixels = width * height;
  const maxPixels = resolution * resolution;
  const targetPixels = Math.min(totalPixels, maxPixels);
  // Python writes `** 0.5`; libm's pow(x, 0.5) and sqrt are both correctly rounded there, so they agree.
  const scaler = Math.sqrt(targetPixels / totalPixels);
  const wRaw = (width * scaler) / divisibility;
  const hRaw = (height * scaler) / divisibility;
  const fw = Math.floor(wRaw) * divisibility;
  const cw = Math.ceil(wRaw) * divisibility;
  const fh = Math.floor(hRaw) * divisibility;
  const ch = Math.ceil(hRaw) * divisibility;
  let capped = [[fw, fh], [fw, ch], [cw, fh], [cw, ch]].filter(([w, h]) => w! > 0 && h! > 0 && w! * h! <= maxPixels) as Array<[number, number]>;
  if (capped.length === 0) capped = [[Math.max(divisibility, fw), Math.max(divisibility, fh)]];
  // Python's min(key=...) keeps the first of equals.
  let best = capped[0]!;
  for (const c of capped.slice(1)) if (Math.abs(c[0] * c[1] - targetPixels) < Math.abs(best[0] * best[1] - targetPixels)) best = c;
  const bucket = { width: best[0], height: best[1] };
  const scale = Math.max(bucket.width / width, bucket.height / height);
  return { bucket, resized: { width: Math.ceil(width * scale), height: Math.ceil(height * scale) }, scale };
}

// ---- OneTrainer (mgds) --------------------------------------------------------------------------

/**
 * mgds AspectBucketing's quantization as OneTrainer's data loaders pass it: 64 for SDXL, SD3, Flux,
 * Qwen, Chroma, HiDream and most newer models; 8 for SD 1.5/2.x, 16 PixArt, 32 Sana, 128 Würstchen.
 */
export const ONETRAINER_QUANTIZATION = 64;

/** AspectBucketing.all_possible_input_aspects, as (height, width). */
const ONETRAINER_ASPECTS: ReadonlyArray<readonly [number, number]> = [
  [1.0, 1.0], [1.0, 1.25], [1.0, 1.5], [1.0, 1.75], [1.0, 2.0], [1.0, 2.5], [1.0, 3.0], [1.0, 3.5], [1.0, 4.0],
];

/**
 * OneTrainer's buckets at one target resolution, mgds AspectBucketing.__create_automatic_buckets: the
 * nine fixed aspect ratios (1:1 to 1:4) and their inverses at the target's pixel count, each side
 * rounded (Python round: halves to even) to the quantization, duplicates dropped with `list(set(...))`.
 * The order is that set's iteration order, which decides ties in __get_bucket, so it is reproduced.
 */
export function oneTrainerBucketResolutions(target: number, quantization = ONETRAINER_QUANTIZATION): Size[] {
  const scaled = ONETRAINER_ASPECTS.map(([h, w]) => [(h / Math.sqrt(h * w)) * target, (w / Math.sqrt(h * w)) * target] as const);
  const all = [...scaled, ...scaled.map(([h, w]) => [w, h] as const)];
  const quantized = all.map(([h, w]) => [pyRound(h / quantization) * quantization, pyRound(w / quantization) * quantization] as [number, number]);
  return pythonSetOrder(quantized).map(([height, width]) => ({ width, height }));
}

/**
 * OneTrainer's bucket, mgds AspectBucketing.__get_bucket and get_item: the bucket whose height/width
 * is nearest the image's (numpy argmin: first of equals in set order), then the image is scaled so the
 * bucket is covered (the other side with Python round) and cropped, up or down.
 */
export function oneTrainerBucketer(target: number, quantization = ONETRAINER_QUANTIZATION): (width: number, height: number) => BucketAssignment {
  const buckets = oneTrainerBucketResolutions(target, quantization);
  const aspects = buckets.map((b) => b.height / b.width);
  return (width, height) => {
    const aspect = height / width;
    const bucket = buckets[argmin(aspects.map((a) => Math.abs(a - aspect)))]!;
    if (aspect > bucket.height / bucket.width) {
      const scale = bucket.width / width;
      return { bucket, resized: { width: bucket.width, height: pyRound(height * scale) }, scale };
    }
    const scale = bucket.height / height;
    return { bucket, resized: { width: pyRound(width * scale), height: bucket.height }, scale };
  };
}

/*
 * CPython's iteration order of a set of (int, int) tuples built from a list, for the tie-break above.
 * Tuple hash: Objects/tupleobject.c tuplehash (xxHash-based, CPython 3.8+; a small non-negative int
 * hashes to itself). Table: Objects/setobject.c set_add_entry (8 slots, up to 10 linear probes then
 * perturbed jumps) and set_table_resize (to the next power of two above 4x the entries once 3/5 full).
 * Checked against CPython 3.11 set order; OneTrainer runs on 3.10-3.12, which share both.
 */
const U64 = (1n << 64n) - 1n;
const XXPRIME_1 = 11400714785074694791n;
const XXPRIME_2 = 14029467366897019727n;
const XXPRIME_5 = 2870177450012600261n;

function tupleHash(items: readonly number[]): bigint {
  let acc = XXPRIME_5;
  for (const item of items) {
    acc = (acc + BigInt(item) * XXPRIME_2) & U64;
    acc = ((acc << 31n) | (acc >> 33n)) & U64;
    acc = (acc * XXPRIME_1) & U64;
  }
  acc = (acc + (BigInt(items.length) ^ (XXPRIME_5 ^ 3527539n))) & U64;
  return acc === U64 ? 1546275796n : acc;
}

const LINEAR_PROBES = 9;

export function pythonSetOrder<T extends readonly number[]>(items: readonly T[]): T[] {
  type Entry = { key: T; hash: bigint };
  let table: Array<Entry | null> = new Array<Entry | null>(8).fill(null);
  let used = 0;
  const same = (a: T, b: T) => a.length === b.length && a.every((v, i) => v === b[i]);
  // Returns the slot for key: the one holding an equal key, or the first empty one on its probe path.
  const slot = (t: Array<Entry | null>, key: T | null, hash: bigint): number => {
    const mask = BigInt(t.length - 1);
    let perturb = hash;
    let i = hash & mask;
    for (;;) {
      const probes = i + BigInt(LINEAR_PROBES) <= mask ? LINEAR_PROBES : 0;
      for (let j = 0; j <= probes; j++) {
        const at = Number(i) + j;
        const entry = t[at]!;
        if (entry === null || (key !== null && entry.hash === hash && same(entry.key, key))) return at;
      }
      perturb >>= 5n;
      i = (i * 5n + 1n + perturb) & mask;
    }
  };
  for (const key of items) {
    const hash = tupleHash(key);
    const at = slot(table, key, hash);
    if (table[at] !== null) continue;
    table[at] = { key, hash };
    used++;
    // No deletions: fill == used. Resize when fill*5 >= mask*3, to the smallest power of two above used*4.
    if (used * 5 >= (table.length - 1) * 3) {
      let size = 8;
      while (size <= used * 4) size *= 2;
      const next = new Array<Entry | null>(size).fill(null);
      for (const entry of table) if (entry) next[slot(next, null, entry.hash)] = entry;
      table = next;
    }
  }
  return table.filter((e): e is Entry => e !== null).map((e) => e.key);
}

// ---- One dataset, per trainer -------------------------------------------------------------------

/** An image's stored pixel size and EXIF orientation (1-8; undefined: no tag). */
export interface ImageGeometry {
  image: string;
  width: number;
  height: number;
  orientation?: number;
}

/** EXIF orientations 5-8 turn the picture by 90°: the displayed width is the stored height. */
export const swapsSides = (orientation: number | undefined): boolean => orientation !== undefined && orientation >= 5 && orientation <= 8;

/** The size the trainer buckets by: kohya the stored pixels, ai-toolkit and OneTrainer the upright picture. */
export function trainerImageSize(trainer: TrainerFormat, g: ImageGeometry): Size {
  return trainer !== 'kohya' && swapsSides(g.orientation) ? { width: g.height, height: g.width } : { width: g.width, height: g.height };
}

export interface BucketOptions {
  /** The training resolution (side of the square the configs are written for). */
  resolution: number;
  /** OneTrainer's quantization for the model trained (default 64). */
  oneTrainerQuantization?: number;
  /** ai-toolkit's bucket step for the model trained (default AI_TOOLKIT_BUCKET_DIVISIBILITY, 16). */
  aiToolkitDivisibility?: number;
}

/**
 * The resolutions a trainer buckets at with Tagsmith's configs: ai-toolkit trains each resolution of
 * its `resolution:` list as a dataset of its own (config_modules.preprocess_dataset_raw_config splits
 * it), and Tagsmith writes a ladder up to the chosen one (ai-toolkit.ts); kohya and OneTrainer one.
 */
export function bucketResolutions(trainer: TrainerFormat, resolution: number): number[] {
  return trainer === 'ai-toolkit' ? aiToolkitResolutions(resolution) : [resolution];
}

/** A function from the size the trainer sees to its bucket, at one resolution. */
export function trainerBucketer(trainer: TrainerFormat, resolution: number, opts: Omit<BucketOptions, 'resolution'> = {}): (size: Size) => BucketAssignment {
  if (trainer === 'kohya') {
    const pick = kohyaBucketer(kohyaBucketSettings(resolution));
    return (s) => pick(s.width, s.height);
  }
  if (trainer === 'ai-toolkit') return (s) => aiToolkitBucket(s.width, s.height, resolution, opts.aiToolkitDivisibility);
  const pick = oneTrainerBucketer(resolution, opts.oneTrainerQuantization ?? ONETRAINER_QUANTIZATION);
  return (s) => pick(s.width, s.height);
}

export interface ImageBucket extends BucketAssignment {
  image: string;
  resolution: number;
}

export interface BucketCount {
  resolution: number;
  width: number;
  height: number;
  /** The images in it, sorted; repeats not counted. */
  images: string[];
}

/**
 * Every image's bucket at each resolution the trainer trains, and the buckets with their images,
 * by resolution then bucket width and height.
 */
export function assignBuckets(trainer: TrainerFormat, images: readonly ImageGeometry[], opts: BucketOptions): { assignments: ImageBucket[]; buckets: BucketCount[] } {
  const assignments: ImageBucket[] = [];
  const buckets = new Map<string, BucketCount>();
  for (const resolution of bucketResolutions(trainer, opts.resolution)) {
    const pick = trainerBucketer(trainer, resolution, opts);
    for (const g of images) {
      const a = pick(trainerImageSize(trainer, g));
      assignments.push({ image: g.image, resolution, ...a });
      const key = `${resolution}:${a.bucket.width}x${a.bucket.height}`;
      const count = buckets.get(key) ?? { resolution, width: a.bucket.width, height: a.bucket.height, images: [] };
      count.images.push(g.image);
      buckets.set(key, count);
    }
  }
  const table = [...buckets.values()].sort((a, b) => a.resolution - b.resolution || a.width - b.width || a.height - b.height);
  for (const b of table) b.images.sort();
  return { assignments, buckets: table };
}
