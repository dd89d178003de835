import { describe, expect, it } from 'vitest';
import { oneTrainerConcept } from './onetrainer.ts';
import { configInput } from './test-input.ts';

/** ConceptConfig / ConceptTextConfig keys (OneTrainer modules/util/config/ConceptConfig.py) with their Python types. */
const CONCEPT_TYPES = {
  __version: 'number', name: 'string', path: 'string', enabled: 'boolean', include_subdirectories: 'boolean',
  balancing: 'number', balancing_strategy: 'string', image: 'object', text: 'object',
} as const;
const TEXT_TYPES = {
  prompt_source: 'string', prompt_path: 'string', enable_tag_shuffling: 'boolean', tag_delimiter: 'string', keep_tags_count: 'number',
} as const;
const IMAGE_TYPES = { enable_crop_jitter: 'boolean', enable_random_flip: 'boolean' } as const;

describe('oneTrainerConcept', () => {
  it('is a JSON concepts array of one concept with OneTrainer keys of the right types', () => {
    const concepts = JSON.parse(oneTrainerConcept(configInput({ triggerWords: ['ohwx', 'sks'] }), 4));
    expect(Array.isArray(concepts)).toBe(true);
    expect(concepts).toHaveLength(1);
    const [concept] = concepts;
    const check = (obj: Record<string, unknown>, types: Record<string, string>) => {
      expect(Object.keys(obj).sort()).toEqual(Object.keys(types).sort());
      for (const [key, type] of Object.entries(types)) expect(typeof obj[key], key).toBe(type);
    };
    check(concept, CONCEPT_TYPES);
    check(concept.text, TEXT_TYPES);
    check(concept.image, IMAGE_TYPES);
    expect(concept).toMatchObject({
      __version: 1,
      name: 'my set',
      path: '/data/out/images',
      enabled: true,
      include_subdirectories: false,
      balancing: 4,
      balancing_strategy: 'REPEATS',
      text: { prompt_source: 'sample', prompt_path: '', enable_tag_shuffling: true, tag_delimiter: ',', keep_tags_count: 2 },
    });
  });

  it('reads subfolders when images are nested, and follows the shuffle option', () => {
    const [concept] = JSON.parse(oneTrainerConcept(configInput({ folders: ['', 'a'], triggerWords: [], options: { shuffleCaption: false } }), 1));
    expect(concept.include_subdirectories).toBe(true);
    expect(concept.text.enable_tag_shuffling).toBe(false);
    expect(concept.text.keep_tags_count).toBe(0);
  });
});
