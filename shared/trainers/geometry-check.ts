import { assignBuckets, bucketResolutions, trainerImageSize, type BucketCount, type ImageBucket, type ImageGeometry } from './buckets.ts';
import { TRAINER_NAMES } from './image-formats.ts';
import { pictureStats, type PictureStats } from './image-stats.ts';
import type { ReadingFinding, TrainerReading } from './reading.ts';
import type { TrainerFormat } from './types.ts';

/*
 * The image side of the pre-training check: the aspect-ratio buckets a trainer forms from the images
 * it loads, and what about their pixels misleads it. Pure: the sizes come in (read from the image
 * headers by electron/core/check/image-geometry.ts), nothing is read here.
 */

export interface UnreadableImage {
  image: string;
  /** One line: why its header could not be read. */
  reason: string;
}

export interface GeometryInput {
  /** The images the trainer loads whose size could be read. */
  images: readonly ImageGeometry[];
  /** The images the trainer loads whose size could not be read. */
  unreadable: readonly UnreadableImage[];
  resolution: number;
  batchSize: number;
  /** ai-toolkit's bucket step for the model (buckets.ts; default 16, SD 1.5 and SDXL). */
  aiToolkitDivisibility?: number;
}

/** Plain data (sent over the API as it is). */
export interface TrainerGeometry {
  /** The training resolution asked for. */
  resolution: number;
  /** Every resolution the trainer buckets at with Tagsmith's configs (ai-toolkit: its resolution list). */
  resolutions: number[];
  batchSize: number;
  /** Buckets with their images, by resolution then width and height. */
  buckets: BucketCount[];
  /** Each measured image's bucket and scale, per resolution. */
  images: ImageBucket[];
  unreadable: UnreadableImage[];
  /** Sizes and shapes of the loaded images as shown, binned for the editor's histograms. */
  pictures: PictureStats;
}

/** The pre-training check of one trainer: what it reads from each caption file, and its buckets. */
export interface TrainerCheck extends TrainerReading {
  geometry: TrainerGeometry;
}

const factor = (x: number) => `×${x.toFixed(2)}`;
const size = (w: number, h: number) => `${w}×${h}`;

export function checkGeometry(trainer: TrainerFormat, input: GeometryInput): { geometry: TrainerGeometry; findings: ReadingFinding[] } {
  const { resolution, batchSize } = input;
  const { assignments, buckets } = assignBuckets(trainer, input.images, { resolution, aiToolkitDivisibility: input.aiToolkitDivisibility });
  const findings: ReadingFinding[] = [];

  if (input.unreadable.length > 0) {
    const all = input.images.length === 0;
    const images = input.unreadable.map((u) => u.image).sort();
    findings.push(
      trainer === 'ai-toolkit'
        ? // AiToolkitDataset catches the error per file ("Error processing image") and trains the rest;
          // with none left it asserts "no images found".
          { kind: 'unreadable-image', severity: all ? 'blocker' : 'warning', message: all ? 'ai-toolkit stops: no image can be read ("no images found")' : 'cannot be read: ai-toolkit leaves these out ("Error processing image") and trains the rest', images }
        : trainer === 'kohya'
          ? // get_image_size: imagesize, then PIL; on failure it logs and returns (0, 0), and
            // BucketManager.select_bucket divides by the height (ZeroDivisionError).
            { kind: 'unreadable-image', severity: 'blocker', message: 'kohya stops: it cannot read the image size ("failed to get image size"), then divides by its height of 0 when bucketing', images }
          : // mgds LoadImage re-raises after printing "could not load image, it might be corrupted".
            { kind: 'unreadable-image', severity: 'blocker', message: 'OneTrainer stops: "could not load image, it might be corrupted"', images },
    );
  }

  // kohya alone ignores the EXIF orientation tag (buckets.ts): the picture trains as stored.
  if (trainer === 'kohya') {
    const turned = input.images.filter((g) => g.orientation !== undefined && g.orientation !== 1).map((g) => g.image).sort();
    if (turned.length > 0) {
      findings.push({
        kind: 'exif-rotated',
        severity: 'warning',
        message: 'kohya ignores the EXIF orientation tag: these train as stored (sideways, upside down or mirrored); a kohya export bakes the rotation into the pixels',
        images: turned,
      });
    }
  }

  const top = assignments.filter((a) => a.resolution === resolution);
  const small = smallerThanResolution(trainer, input.images, top, resolution);
  if (small) findings.push(small);

  if (batchSize > 1) {
    const under = buckets.filter((b) => b.images.length < batchSize);
    if (under.length > 0) {
      const images = [...new Set(under.flatMap((b) => b.images))].sort();
      const list = under.map((b) => `${size(b.width, b.height)}${trainer === 'ai-toolkit' ? ` at ${b.resolution}` : ''}: ${b.images.length}`).join(', ');
      const what =
        trainer === 'kohya'
          ? // make_buckets: ceil(len(bucket) / batch_size) batches per bucket, the last one short; a
            // batch never mixes buckets. Repeats put the same image in a bucket more than once.
            'kohya trains them in smaller batches (or, with repeats, with the same image twice in one batch)'
          : trainer === 'ai-toolkit'
            ? // BucketsMixin.build_batch_indices pads a short batch with copies of its own items.
              'ai-toolkit fills their batch with copies of the same images'
            : // mgds AspectBatchSorting drops len(bucket) % batch_size samples per epoch.
              'OneTrainer drops samples that do not fill a whole batch: these never train unless repeats fill the bucket';
      findings.push({ kind: 'bucket-below-batch', severity: 'warning', message: `their bucket holds fewer images than the batch size ${batchSize} (${list}): ${what}`, images });
    }
  }

  return {
    geometry: { resolution, resolutions: bucketResolutions(trainer, resolution), batchSize, buckets, images: assignments, unreadable: [...input.unreadable].sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0)),
      pictures: pictureStats(input.images),
    },
    findings,
  };
}

function smallerThanResolution(trainer: TrainerFormat, images: readonly ImageGeometry[], top: readonly ImageBucket[], resolution: number): ReadingFinding | null {
  const byImage = new Map(images.map((g) => [g.image, g]));
  if (trainer === 'ai-toolkit') {
    // get_bucket_for_image_size caps the pixel count at resolution² but never raises it: an image with
    // fewer pixels trains at about its own size, in a smaller bucket, instead of being upscaled.
    const under = top.filter((a) => {
      const g = byImage.get(a.image)!;
      return g.width * g.height < resolution * resolution;
    });
    if (under.length === 0) return null;
    const least = under.reduce((a, b) => (b.bucket.width * b.bucket.height < a.bucket.width * a.bucket.height ? b : a));
    return {
      kind: 'smaller-than-resolution',
      severity: 'warning',
      message: `fewer pixels than ${size(resolution, resolution)}: ai-toolkit does not upscale them, so they train at their own size in smaller buckets (smallest ${size(least.bucket.width, least.bucket.height)}, ${least.image})`,
      images: under.map((a) => a.image).sort(),
    };
  }
  // kohya (without bucket_no_upscale) and OneTrainer scale every image to cover its bucket, up as well as down.
  const up = top.filter((a) => a.scale > 1);
  if (up.length === 0) return null;
  const worst = up.reduce((a, b) => (b.scale > a.scale ? b : a));
  const g = trainerImageSize(trainer, byImage.get(worst.image)!);
  return {
    kind: 'smaller-than-resolution',
    severity: 'warning',
    message: `smaller than the training resolution: ${TRAINER_NAMES[trainer]} upscales them to cover their bucket, by up to ${factor(worst.scale)} (${worst.image}: ${size(g.width, g.height)} to ${size(worst.resized.width, worst.resized.height)})`,
    images: up.map((a) => a.image).sort(),
  };
}

/** The reading and the geometry as one check: blockers first, then warnings, each group in its own order. */
export function combineCheck(reading: TrainerReading, geometry: TrainerGeometry, findings: readonly ReadingFinding[]): TrainerCheck {
  const blockers = (fs: readonly ReadingFinding[]) => fs.filter((f) => f.severity === 'blocker');
  const warnings = (fs: readonly ReadingFinding[]) => fs.filter((f) => f.severity !== 'blocker');
  return {
    ...reading,
    findings: [...blockers(reading.findings), ...blockers(findings), ...warnings(reading.findings), ...warnings(findings)],
    geometry,
  };
}
