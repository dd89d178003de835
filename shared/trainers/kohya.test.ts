import fc from 'fast-check';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { kohyaFolderName, kohyaToml } from './kohya.ts';
import { repeatsFor } from './repeats.ts';
import { configInput } from './test-input.ts';

/*
 * What sd-scripts accepts in a --dataset_config file, copied from library/config_util.py
 * (ConfigSanitizer): its voluptuous schema refuses any other key, so a key outside these lists
 * would stop training at startup. DreamBooth-style datasets (image_dir + caption files), dropout
 * supported (train_network.py). Value kinds are what the schema checks.
 */
const SUBSET_ASCENDABLE = {
  color_aug: 'boolean', face_crop_aug_range: 'pair', flip_aug: 'boolean', num_repeats: 'int', random_crop: 'boolean',
  shuffle_caption: 'boolean', keep_tokens: 'int', keep_tokens_separator: 'string', secondary_separator: 'string',
  enable_wildcard: 'boolean', token_warmup_min: 'int', token_warmup_step: 'number', caption_prefix: 'string', caption_suffix: 'string',
} as const;
const DO_SUBSET_ASCENDABLE = { caption_dropout_every_n_epochs: 'int', caption_dropout_rate: 'number', caption_tag_dropout_rate: 'number' } as const;
const DB_SUBSET_ASCENDABLE = { caption_extension: 'string', class_tokens: 'string', cache_info: 'boolean' } as const;
const DB_SUBSET_DISTINCT = { image_dir: 'string', is_reg: 'boolean' } as const;
const DATASET_ASCENDABLE = {
  batch_size: 'int', bucket_no_upscale: 'boolean', bucket_reso_steps: 'int', enable_bucket: 'boolean', max_bucket_reso: 'int',
  min_bucket_reso: 'int', resolution: 'int-or-pair', network_multiplier: 'number',
} as const;

type Kind = 'boolean' | 'int' | 'number' | 'string' | 'pair' | 'int-or-pair';
const GENERAL: Record<string, Kind> = { ...DATASET_ASCENDABLE, ...SUBSET_ASCENDABLE, ...DB_SUBSET_ASCENDABLE, ...DO_SUBSET_ASCENDABLE };
const DATASET: Record<string, Kind> = { ...DATASET_ASCENDABLE, ...SUBSET_ASCENDABLE, ...DB_SUBSET_ASCENDABLE, ...DO_SUBSET_ASCENDABLE };
const SUBSET: Record<string, Kind> = { ...SUBSET_ASCENDABLE, ...DB_SUBSET_DISTINCT, ...DB_SUBSET_ASCENDABLE, ...DO_SUBSET_ASCENDABLE };
const REQUIRED_SUBSET = ['image_dir'];

function ofKind(value: unknown, kind: Kind): boolean {
  const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  switch (kind) {
    case 'boolean': return typeof value === 'boolean';
    case 'int': return isInt(value);
    case 'number': return typeof value === 'number';
    case 'string': return typeof value === 'string';
    case 'pair': return Array.isArray(value) && value.length === 2;
    case 'int-or-pair': return isInt(value) || (Array.isArray(value) && value.length === 2 && value.every(isInt));
  }
}

/** The keys sd-scripts would refuse or mistype, as "where.key" strings: empty when it accepts the file. */
function schemaProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const check = (where: string, table: Record<string, unknown>, schema: Record<string, Kind>, skip: string[] = []) => {
    for (const [key, value] of Object.entries(table)) {
      if (skip.includes(key)) continue;
      const kind = schema[key];
      if (!kind) problems.push(`${where}.${key}: not accepted`);
      else if (!ofKind(value, kind)) problems.push(`${where}.${key}: not ${kind}`);
    }
  };
  for (const key of Object.keys(config)) if (key !== 'general' && key !== 'datasets') problems.push(`${key}: not accepted`);
  check('general', (config.general ?? {}) as Record<string, unknown>, GENERAL);
  for (const dataset of config.datasets as Array<Record<string, unknown>>) {
    check('datasets', dataset, DATASET, ['subsets']);
    for (const subset of dataset.subsets as Array<Record<string, unknown>>) {
      check('subsets', subset, SUBSET);
      for (const key of REQUIRED_SUBSET) if (!(key in subset)) problems.push(`subsets.${key}: required`);
    }
  }
  return problems;
}

const toml = (over: Parameters<typeof configInput>[0] = {}) => {
  const input = configInput(over);
  return kohyaToml(input, repeatsFor(input.options, input.imageCount));
};

describe('kohyaToml', () => {
  it('parses as TOML with only keys sd-scripts accepts, of the kinds it checks', () => {
    const text = toml({ options: { classWord: 'woman', resolution: 768, batchSize: 2 }, folders: ['', 'sub dir'] });
    const config = parse(text) as Record<string, unknown>;
    expect(schemaProblems(config)).toEqual([]);
    expect(config).toEqual({
      general: { shuffle_caption: true, caption_extension: '.txt', keep_tokens: 1 },
      datasets: [{
        resolution: 768,
        batch_size: 2,
        enable_bucket: true,
        max_bucket_reso: 1536,
        subsets: [
          { image_dir: '/data/out/images', num_repeats: 8, shuffle_caption: true, keep_tokens: 1, caption_extension: '.txt', class_tokens: 'ohwx woman' },
          { image_dir: '/data/out/images/sub dir', num_repeats: 8, shuffle_caption: true, keep_tokens: 1, caption_extension: '.txt', class_tokens: 'ohwx woman' },
        ],
      }],
    });
  });

  it('the schema check itself catches a key sd-scripts refuses and a missing image_dir', () => {
    const config = parse(toml()) as { datasets: Array<{ subsets: Array<Record<string, unknown>> }>; general: Record<string, unknown> };
    config.general.max_token_length = 225;
    delete config.datasets[0]!.subsets[0]!.image_dir;
    expect(schemaProblems(config)).toEqual(['general.max_token_length: not accepted', 'subsets.image_dir: required']);
  });

  it('starts with a comment saying how to use it, the repeats and why keep_tokens', () => {
    const text = toml({ options: { maxTokenLength: 225 } });
    const comments = text.split('\n').filter((l) => l.startsWith('#'));
    expect(comments[0]).toBe('# kohya sd-scripts dataset config for "my set", written by Tagsmith.');
    expect(text).toContain('# Repeats: 1500 steps × batch 1 / (40 images × 10 epochs) → 4 repeats (1600 steps)');
    expect(text).toContain('keep_tokens = 1: shuffle_caption never moves the trigger word (ohwx)');
    // max_token_length is a command-line option only: it is said, never set.
    expect(text).toContain('add --max_token_length 225 to the command line');
    expect(text).not.toMatch(/^max_token_length/m);
  });

  it('keeps a dataset name with a line break inside the comment', () => {
    const text = toml({ datasetName: 'evil\n[general]\nx = 1' });
    expect(() => parse(text)).not.toThrow();
    expect(Object.keys((parse(text) as { general: object }).general)).not.toContain('x');
  });

  it('writes .caption, no class_tokens without words, and Windows paths as they are', () => {
    const config = parse(toml({ captionExtension: '.caption', triggerWords: [], imagesDir: 'C:\\data\\out\\images', folders: ['', 'a/b'] })) as {
      general: Record<string, unknown>;
      datasets: Array<{ subsets: Array<Record<string, unknown>> }>;
    };
    expect(config.general).toEqual({ shuffle_caption: true, caption_extension: '.caption', keep_tokens: 0 });
    expect(config.datasets[0]!.subsets.map((s) => s.image_dir)).toEqual(['C:\\data\\out\\images', 'C:\\data\\out\\images\\a\\b']);
    expect(config.datasets[0]!.subsets[0]).not.toHaveProperty('class_tokens');
  });

  it('keep_tokens is the number of trigger words at every level, whatever they are (property)', () => {
    const word = fc.string({ minLength: 1, maxLength: 12 }).filter((w) => !/[,\n\r]/.test(w) && w.trim() === w && w !== '');
    fc.assert(
      fc.property(fc.uniqueArray(word, { maxLength: 5 }), fc.boolean(), (triggerWords, shuffleCaption) => {
        const config = parse(toml({ triggerWords, options: { shuffleCaption } })) as {
          general: Record<string, unknown>;
          datasets: Array<{ subsets: Array<Record<string, unknown>> }>;
        };
        expect(config.general.keep_tokens).toBe(triggerWords.length);
        expect(config.general.shuffle_caption).toBe(shuffleCaption);
        for (const subset of config.datasets[0]!.subsets) expect(subset.keep_tokens).toBe(triggerWords.length);
        expect(schemaProblems(config)).toEqual([]);
      }),
    );
  });
});

/**
 * sd-scripts' startup check of the bucket range (train_util.adjust_min_max_bucket_reso_by_steps, read at
 * kohya-ss/sd-scripts 48d368f): min/max are rounded to bucket_reso_steps (min down, max up), then it
 * asserts min(resolution) >= min_bucket_reso and max(resolution) <= max_bucket_reso. Values not in the
 * file come from config_util's defaults (256, 1024, 64). Returns the assertion that fails, or null.
 */
function kohyaBucketCheck(dataset: Record<string, unknown>): string | null {
  const steps = (dataset.bucket_reso_steps as number | undefined) ?? 64;
  let min = (dataset.min_bucket_reso as number | undefined) ?? 256;
  let max = (dataset.max_bucket_reso as number | undefined) ?? 1024;
  if (min % steps !== 0) min -= min % steps;
  if (max % steps !== 0) max += steps - (max % steps);
  const res = dataset.resolution as number;
  if (!(res >= min)) return 'min_bucket_reso must be equal or less than resolution';
  if (!(res <= max)) return 'max_bucket_reso must be equal or greater than resolution';
  return null;
}

describe('kohyaToml bucket range', () => {
  const dataset = (resolution: number) => (parse(toml({ options: { resolution } })) as { datasets: Array<Record<string, unknown>> }).datasets[0]!;

  it('writes min_bucket_reso under kohya\'s default 256 when the resolution is below it, a multiple of 64', () => {
    expect(dataset(192)).toMatchObject({ resolution: 192, min_bucket_reso: 192 });
    expect(dataset(200)).toMatchObject({ resolution: 200, min_bucket_reso: 192 });
    expect(dataset(64)).toMatchObject({ min_bucket_reso: 64 });
    expect(kohyaBucketCheck(dataset(192))).toBeNull();
    expect(toml({ options: { resolution: 192 } })).toContain('# min_bucket_reso = 192: kohya stops when its default 256 is above the resolution (192).');
  });

  it('keeps kohya\'s default at 256 and above', () => {
    expect(dataset(256)).not.toHaveProperty('min_bucket_reso');
    expect(dataset(1024)).not.toHaveProperty('min_bucket_reso');
  });

  it('the check itself fails on 192 with kohya\'s default', () => {
    expect(kohyaBucketCheck({ resolution: 192 })).toBe('min_bucket_reso must be equal or less than resolution');
  });

  it('every resolution the options allow passes kohya\'s bucket check (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 8192 }), (resolution) => {
        const d = dataset(resolution);
        expect(kohyaBucketCheck(d)).toBeNull();
        expect(schemaProblems({ datasets: [d] })).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('kohyaFolderName', () => {
  it('is <repeats>_<trigger words> <class>', () => {
    expect(kohyaFolderName(10, ['ohwx'], 'woman')).toBe('10_ohwx woman');
    expect(kohyaFolderName(4, ['ohwx', 'sks'], '')).toBe('4_ohwx sks');
    expect(kohyaFolderName(4, [], 'style')).toBe('4_style');
    expect(kohyaFolderName(3, [], '')).toBe('3_');
  });

  it('cannot hold a path separator or a character Windows refuses', () => {
    expect(kohyaFolderName(2, ['a/b', 'c:d'], 'x*y?.')).toBe('2_a_b c_d x_y_');
    expect(kohyaFolderName(2, ['tail.'], '')).toBe('2_tail');
  });

  it('always reads back as kohya parses it: repeats before the first _, a safe name after (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }), fc.string({ maxLength: 10 }), (repeats, words, classWord) => {
        const name = kohyaFolderName(repeats, words, classWord);
        const [head, ...rest] = name.split('_');
        expect(Number(head)).toBe(repeats);
        const tokens = rest.join('_');
        // eslint-disable-next-line no-control-regex -- control characters must not reach a folder name
        expect(tokens).not.toMatch(/[\\/:*?"<>|\u0000-\u001f]/);
        expect(tokens).not.toMatch(/^\s|[\s.]$/);
        expect(tokens).not.toMatch(/\s{2}/);
      }),
    );
  });
});
