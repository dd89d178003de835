import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { aiToolkitResolutions, aiToolkitRewrites, aiToolkitYaml } from './ai-toolkit.ts';
import { configInput } from './test-input.ts';

/** DatasetConfig keys of ai-toolkit (toolkit/config_modules.py) this file sets, with the types it reads them as. */
const DATASET_KEYS = {
  folder_path: 'string',
  caption_ext: 'string',
  caption_dropout_rate: 'number',
  shuffle_tokens: 'boolean',
  cache_latents_to_disk: 'boolean',
  resolution: 'object',
} as const;

describe('aiToolkitYaml', () => {
  it('parses as YAML: trigger_word and one datasets entry with ai-toolkit keys of the right types', () => {
    const doc = parse(aiToolkitYaml(configInput({ triggerWords: ['ohwx'] })));
    expect(Object.keys(doc)).toEqual(['trigger_word', 'datasets']);
    expect(doc.trigger_word).toBe('ohwx');
    expect(doc.datasets).toHaveLength(1);
    const dataset = doc.datasets[0];
    expect(Object.keys(dataset).sort()).toEqual(Object.keys(DATASET_KEYS).sort());
    for (const [key, type] of Object.entries(DATASET_KEYS)) expect(typeof dataset[key], key).toBe(type);
    expect(dataset).toEqual({
      folder_path: '/data/out/images',
      caption_ext: 'txt',
      caption_dropout_rate: 0.05,
      shuffle_tokens: false,
      cache_latents_to_disk: true,
      resolution: [512, 768, 1024],
    });
  });

  it('says where the keys go, and the steps to set, in a comment', () => {
    const text = aiToolkitYaml(configInput({ options: { targetSteps: 2000, batchSize: 2 } }));
    expect(text).toMatch(/^# ai-toolkit \(ostris\) dataset settings for "my set"/);
    expect(text).toContain('# Put these keys into your job file under config: process: - type: sd_trainer');
    expect(text).toContain('set train: steps: 2000 and batch_size: 2');
    expect(text).toContain('resolution: [ 512, 768, 1024 ]');
  });

  it('caption_ext has no dot; no trigger_word without trigger words; shuffling only then', () => {
    const doc = parse(aiToolkitYaml(configInput({ triggerWords: [], captionExtension: '.caption' })));
    expect(doc).not.toHaveProperty('trigger_word');
    expect(doc.datasets[0].caption_ext).toBe('caption');
    expect(doc.datasets[0].shuffle_tokens).toBe(true);
    // With a trigger word, ai-toolkit's shuffle would move it: off, and the comment says why.
    const withTrigger = aiToolkitYaml(configInput({ options: { shuffleCaption: true } }));
    expect(parse(withTrigger).datasets[0].shuffle_tokens).toBe(false);
    expect(withTrigger).toContain('shuffle_tokens is off');
    expect(aiToolkitYaml(configInput({ options: { shuffleCaption: false } }))).not.toContain('shuffle_tokens is off');
  });

  it('quotes what YAML would misread', () => {
    const doc = parse(aiToolkitYaml(configInput({ triggerWords: ['#tag'], imagesDir: 'C:\\data: set\\images' })));
    expect(doc.trigger_word).toBe('#tag');
    expect(parse(aiToolkitYaml(configInput({ triggerWords: ['[x]'] }))).trigger_word).toBe('[x]');
    expect(doc.datasets[0].folder_path).toBe('C:\\data: set\\images');
  });
});

describe('what ai-toolkit rewrites in a job file', () => {
  it('finds ${VAR} and [name], which get_config replaces before the YAML is read', () => {
    expect(aiToolkitRewrites('/data/set ${HOME}/x')).toMatch(/environment variable/);
    expect(aiToolkitRewrites('/data/exp [name] set')).toMatch(/job name/);
    expect(aiToolkitRewrites('/data/$HOME {x} [names]')).toBeNull();
  });
  it('keeps "${" out of the comment (read as a variable even there) and says when folder_path holds one', () => {
    const yaml = aiToolkitYaml(configInput({ datasetName: 'env ${NOT_SET} set', imagesDir: '/data/[name]/images' }));
    expect(yaml).not.toContain('${');
    expect(yaml).toContain('"env $ {NOT_SET} set"');
    expect(yaml).toContain('# folder_path holds "[name]", which ai-toolkit replaces with the job name: move or rename the folder before training.');
    expect(aiToolkitYaml(configInput())).not.toContain('folder_path holds');
  });
});

describe('aiToolkitResolutions', () => {
  it('keeps the ladder up to the training resolution and ends on it', () => {
    expect(aiToolkitResolutions(1024)).toEqual([512, 768, 1024]);
    expect(aiToolkitResolutions(512)).toEqual([512]);
    expect(aiToolkitResolutions(640)).toEqual([512, 640]);
    expect(aiToolkitResolutions(256)).toEqual([256]);
    expect(aiToolkitResolutions(1536)).toEqual([512, 768, 1024, 1536]);
  });
});
