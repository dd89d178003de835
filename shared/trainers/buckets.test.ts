import fc from 'fast-check';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import {
  aiToolkitBucket,
  assignBuckets,
  kohyaBucketer,
  kohyaBucketResolutions,
  kohyaBucketSettings,
  oneTrainerBucketer,
  oneTrainerBucketResolutions,
  pyRound,
  pythonSetOrder,
  trainerImageSize,
  type BucketAssignment,
} from './buckets.ts';
import { kohyaToml } from './kohya.ts';
import { configInput } from './test-input.ts';

/*
 * Expected values are worked by hand from each trainer's code (the steps are in the comments), and
 * were confirmed by running the trainers' own functions (sd-scripts BucketManager, ai-toolkit
 * get_bucket_for_image_size, mgds AspectBucketing) on the same sizes under CPython 3.11.
 */

const at = (a: BucketAssignment) => ({ bucket: `${a.bucket.width}x${a.bucket.height}`, resized: `${a.resized.width}x${a.resized.height}` });

describe('Python arithmetic', () => {
  it('round() takes halves to the even integer', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001, 7].map(pyRound)).toEqual([0, 2, 2, 4, 2, 3, 7]);
  });

  it('iterates a set of int tuples in CPython order', () => {
    // list(set([(1024, 1024), (896, 1152), (1152, 896)])) and a set that grows past 8 slots, from CPython 3.11.
    expect(pythonSetOrder([[1024, 1024], [896, 1152], [1152, 896]])).toEqual([[1152, 896], [896, 1152], [1024, 1024]]);
    expect(pythonSetOrder([[1, 2], [2, 1], [1, 2]])).toHaveLength(2);
  });
});

describe('kohya sd-scripts buckets', () => {
  it("uses the bucket settings Tagsmith's dataset.toml writes", () => {
    for (const resolution of [192, 512, 768, 1024, 1536]) {
      const dataset = (parse(kohyaToml(configInput({ options: { resolution } }), { repeats: 1, reason: 'given' })) as { datasets: Array<Record<string, unknown>> }).datasets[0]!;
      const s = kohyaBucketSettings(resolution);
      expect({ resolution, min: dataset.min_bucket_reso ?? 256, max: dataset.max_bucket_reso, upscale: dataset.bucket_no_upscale ?? false, steps: dataset.bucket_reso_steps ?? 64 })
        .toEqual({ resolution, min: s.minBucketReso, max: s.maxBucketReso, upscale: s.bucketNoUpscale, steps: s.bucketResoSteps });
    }
  });

  it('builds make_bucket_resolutions at 512 (min 256, max 1024, step 64)', () => {
    // area 512² = 262144; square 512; for width 256..1024 step 64 the height is (262144 // w // 64) * 64
    // capped at 1024: 256→1024, 320→768, 384→640, 448→576, 512→512, 576→448, 640→384, 704→320,
    // 768→320, 832..1024→256; both orientations, sorted.
    expect(kohyaBucketResolutions(kohyaBucketSettings(512)).map((r) => `${r.width}x${r.height}`)).toEqual([
      '256x832', '256x896', '256x960', '256x1024', '320x704', '320x768', '384x640', '448x576', '512x512',
      '576x448', '640x384', '704x320', '768x320', '832x256', '896x256', '960x256', '1024x256',
    ]);
  });

  it('puts images in their buckets at 1024', () => {
    const pick = kohyaBucketer(kohyaBucketSettings(1024));
    // A size that is a predefined bucket keeps it.
    expect(at(pick(1024, 1024))).toEqual({ bucket: '1024x1024', resized: '1024x1024' });
    expect(at(pick(832, 1216))).toEqual({ bucket: '832x1216', resized: '832x1216' });
    // 3:2 = 1.5 is nearest 1216/832 = 1.4615 (1280/768 = 1.667 is farther); wider than the bucket, so the
    // height fits: scale 832/2000 = 0.416, width int(1248 + 0.5) = 1248, cropped to 1216.
    expect(at(pick(3000, 2000))).toEqual({ bucket: '1216x832', resized: '1248x832' });
    // 5:3 is exactly 1280/768; not wider, so the width fits: scale 1280/500 = 2.56, upscaled.
    const small = pick(500, 300);
    expect(at(small)).toEqual({ bucket: '1280x768', resized: '1280x768' });
    expect(small.scale).toBeCloseTo(2.56, 10);
  });

  it('puts images in their buckets at 512', () => {
    const pick = kohyaBucketer(kohyaBucketSettings(512));
    expect(at(pick(1024, 1024))).toEqual({ bucket: '512x512', resized: '512x512' });
    // 832/1216 = 0.684: 384/640 = 0.6 is 0.084 away, 448/576 = 0.778 is 0.094 away. Wider than 0.6, so
    // scale 640/1216: width int(437.9 + 0.5) = 438.
    expect(at(pick(832, 1216))).toEqual({ bucket: '384x640', resized: '438x640' });
    // 1.5: 640/384 = 1.667 beats 576/448 = 1.286; narrower, so scale 640/3000: height int(426.7 + 0.5) = 427.
    expect(at(pick(3000, 2000))).toEqual({ bucket: '640x384', resized: '640x427' });
    expect(pick(500, 300).scale).toBeCloseTo(1.28, 10);
  });

  it('with bucket_no_upscale only shrinks, and cuts the bucket down to the step', () => {
    const pick = kohyaBucketer({ ...kohyaBucketSettings(1024), bucketNoUpscale: true });
    // Under the area: kept as it is, bucket 500 - 500 % 64 = 448 by 300 - 300 % 64 = 256.
    expect(at(pick(500, 300))).toEqual({ bucket: '448x256', resized: '500x300' });
    // Over it: sqrt(1048576 * 1.5) = 1254.1 → 1216 wide gives 768 tall (1.583); 836.1 → 832 tall gives
    // 1216 wide (1.462, nearer 1.5): resized int(832 * 1.5 + 0.5) = 1248 by 832, bucket 1216x832.
    expect(at(pick(3000, 2000))).toEqual({ bucket: '1216x832', resized: '1248x832' });
  });

  it('never crops away more than a bucket step from the covered side', () => {
    const pick = kohyaBucketer(kohyaBucketSettings(1024));
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 8000 }), fc.integer({ min: 64, max: 8000 }), (w, h) => {
        const a = pick(w, h);
        // Resized covers the bucket (within the half-pixel rounding) and one side matches it.
        expect(a.resized.width).toBeGreaterThanOrEqual(a.bucket.width - 1);
        expect(a.resized.height).toBeGreaterThanOrEqual(a.bucket.height - 1);
        expect(a.resized.width === a.bucket.width || a.resized.height === a.bucket.height).toBe(true);
      }),
    );
  });
});

describe('ai-toolkit buckets', () => {
  // Values from ai-toolkit's own toolkit/buckets.py get_bucket_for_image_size, run at each step.
  it.each([
    // [width, height, resolution, step 16 (SD 1.5, SDXL: the default), step 32 (Flux.1, SD3)]
    [1920, 1080, 1024, '1360x768', '1344x768'],
    [1000, 1000, 1024, '992x1008', '992x1024'],
    [1216, 832, 512, '624x416', '608x416'],
    [1100, 1000, 1024, '1072x976', '1056x992'],
    [100, 37, 1024, '112x32', '128x32'],
    [1, 1, 1024, '16x16', '32x32'],
    [3000, 2000, 1024, '1248x832', '1248x832'],
    [500, 300, 1024, '496x304', '512x288'],
    [832, 1216, 512, '416x624', '416x608'],
  ])('%ix%i at %i: %s by 16, %s by 32', (w, h, resolution, by16, by32) => {
    expect(at(aiToolkitBucket(w, h, resolution)).bucket).toBe(by16);
    expect(at(aiToolkitBucket(w, h, resolution, 32)).bucket).toBe(by32);
  });

  // The algorithm at a step of 64 (the config's bucket_tolerance default, which the dataset overwrites).
  it('puts images in their buckets at 1024 without upscaling small ones (step 64)', () => {
    expect(at(aiToolkitBucket(1024, 1024, 1024, 64))).toEqual({ bucket: '1024x1024', resized: '1024x1024' });
    expect(at(aiToolkitBucket(832, 1216, 1024, 64))).toEqual({ bucket: '832x1216', resized: '832x1216' });
    // scaler sqrt(1048576 / 6e6): 19.60 × 13.06 steps; of 1216x832, 1216x896, 1280x832, 1280x896 only
    // 1216x832 stays within 1024²; scale max(1216/3000, 832/2000) = 0.416.
    expect(at(aiToolkitBucket(3000, 2000, 1024, 64))).toEqual({ bucket: '1216x832', resized: '1248x832' });
    // 150,000 pixels stay 150,000: 7.81 × 4.69 steps; areas 448x256 114688, 448x320 143360, 512x256 131072,
    // 512x320 163840: 448x320 is nearest. Scale max(0.896, 1.067): ceil(533.3) = 534 by 320.
    const small = aiToolkitBucket(500, 300, 1024, 64);
    expect(at(small)).toEqual({ bucket: '448x320', resized: '534x320' });
    // A square just under the resolution: 960x1024 (983040) is nearer 1,000,000 than 1024x1024, and comes
    // before 1024x960 among the equals.
    expect(at(aiToolkitBucket(1000, 1000, 1024, 64)).bucket).toBe('960x1024');
  });

  it('puts images in their buckets at 512 (step 64)', () => {
    expect(aiToolkitBucket(1024, 1024, 512, 64).bucket).toEqual({ width: 512, height: 512 });
    // 6.62 × 9.67 steps: 448x576 (258048) is nearest 262144; 448x640 is over the cap.
    expect(aiToolkitBucket(832, 1216, 512, 64).bucket).toEqual({ width: 448, height: 576 });
    expect(aiToolkitBucket(3000, 2000, 512, 64).bucket).toEqual({ width: 576, height: 448 });
    expect(aiToolkitBucket(500, 300, 512, 64).bucket).toEqual({ width: 448, height: 320 });
  });
});

describe('OneTrainer buckets', () => {
  it('builds the nine aspect ratios at the target pixel count, in set order', () => {
    // (1, 1.25): 1024/sqrt(1.25) = 915.9 → round(14.31) = 14 → 896; 1280.0 → 1144.9 → round(17.89) → 1152.
    const buckets = oneTrainerBucketResolutions(1024).map((b) => `${b.width}x${b.height}`);
    expect(buckets).toEqual([
      '640x1600', '1344x768', '2048x512', '768x1344', '1280x832', '1472x704', '704x1472', '832x1280', '896x1152',
      '576x1792', '576x1920', '1600x640', '512x2048', '1920x576', '1792x576', '1152x896', '1024x1024',
    ]);
  });

  it('rounds halves to even: at 160 the square is 128, not 192', () => {
    // 160 / 64 = 2.5 → round() = 2.
    expect(oneTrainerBucketResolutions(160)).toContainEqual({ width: 128, height: 128 });
    expect(oneTrainerBucketResolutions(160)).not.toContainEqual({ width: 192, height: 192 });
  });

  it('puts images in their buckets at 1024', () => {
    const pick = oneTrainerBucketer(1024);
    expect(at(pick(1024, 1024))).toEqual({ bucket: '1024x1024', resized: '1024x1024' });
    // h/w 1.4615: 1280/832 = 1.538 is nearest; not taller than it, so the height fits: 1280/1216 = 1.053,
    // width round(875.8) = 876, cropped to 832. kohya's own 832x1216 bucket is not among OneTrainer's.
    const sdxl = pick(832, 1216);
    expect(at(sdxl)).toEqual({ bucket: '832x1280', resized: '876x1280' });
    expect(sdxl.scale).toBeCloseTo(1280 / 1216, 10);
    // h/w 0.667: 832/1280 = 0.65 nearest; taller, so the width fits: 1280/3000, height round(853.3) = 853.
    expect(at(pick(3000, 2000))).toEqual({ bucket: '1280x832', resized: '1280x853' });
    // h/w 0.6: 768/1344 = 0.571 beats 0.65; width fits: 1344/500 = 2.688, height round(806.4) = 806.
    expect(at(pick(500, 300))).toEqual({ bucket: '1344x768', resized: '1344x806' });
  });

  it('puts images in their buckets at 512', () => {
    const pick = oneTrainerBucketer(512);
    expect(at(pick(1024, 1024))).toEqual({ bucket: '512x512', resized: '512x512' });
    expect(at(pick(832, 1216))).toEqual({ bucket: '448x640', resized: '448x655' });
    expect(at(pick(3000, 2000))).toEqual({ bucket: '640x448', resized: '672x448' });
    expect(at(pick(500, 300))).toEqual({ bucket: '704x384', resized: '704x422' });
  });

  it('breaks a tie the way numpy argmin does over the set order', () => {
    // 87/280 = 0.3107 is exactly as far from 576/1920 = 0.3 as from 576/1792 = 0.3214 (in floats too);
    // 1920x576 comes first in the set, so CPython picks it (sorted order would give 1792x576).
    expect(oneTrainerBucketer(1024)(280, 87).bucket).toEqual({ width: 1920, height: 576 });
  });
});

describe('per trainer', () => {
  const turned = { image: 'p.jpg', width: 3000, height: 2000, orientation: 6 };

  it('kohya buckets the stored pixels; ai-toolkit and OneTrainer the upright picture', () => {
    expect(trainerImageSize('kohya', turned)).toEqual({ width: 3000, height: 2000 });
    expect(trainerImageSize('ai-toolkit', turned)).toEqual({ width: 2000, height: 3000 });
    expect(trainerImageSize('onetrainer', turned)).toEqual({ width: 2000, height: 3000 });
    expect(trainerImageSize('onetrainer', { ...turned, orientation: 3 })).toEqual({ width: 3000, height: 2000 });
  });

  it('counts images per bucket, ai-toolkit once per resolution of its list', () => {
    const images = [
      { image: 'b.png', width: 1024, height: 1024 },
      { image: 'a.png', width: 1024, height: 1024 },
      turned,
    ];
    const table = (trainer: 'kohya' | 'ai-toolkit') => assignBuckets(trainer, images, { resolution: 1024 }).buckets.map((b) => `${b.resolution} ${b.width}x${b.height} ${b.images.join(',')}`);
    expect(table('kohya')).toEqual(['1024 1024x1024 a.png,b.png', '1024 1216x832 p.jpg']);
    expect(table('ai-toolkit')).toEqual([
      '512 416x624 p.jpg', '512 512x512 a.png,b.png',
      '768 624x944 p.jpg', '768 768x768 a.png,b.png',
      '1024 832x1248 p.jpg', '1024 1024x1024 a.png,b.png',
    ]);
    // Flux.1 / SD3 (ai-toolkit's step 32).
    const by32 = assignBuckets('ai-toolkit', [turned], { resolution: 1024, aiToolkitDivisibility: 32 }).buckets.map((b) => `${b.resolution} ${b.width}x${b.height}`);
    expect(by32).toEqual(['512 416x608', '768 608x960', '1024 832x1248']);
  });
});
