import { describe, expect, it } from 'vitest';
import { conceptSeed, oneTrainerConcept } from './onetrainer.ts';
import { configInput } from './test-input.ts';

/*
 * ConceptConfig / ConceptTextConfig keys (OneTrainer modules/util/config/ConceptConfig.py, read at
 * Nerogar/OneTrainer 23df383, config_version 2) with the JSON types its from_dict reads them as:
 * str, int (seed), bool, float (balancing: a JSON number), the BalancingStrategy enum by name.
 */
const CONCEPT_TYPES = {
  __version: 'number', name: 'string', path: 'string', seed: 'number', enabled: 'boolean', include_subdirectories: 'boolean',
  balancing: 'number', balancing_strategy: 'string', text: 'object',
} as const;
const TEXT_TYPES = {
  prompt_source: 'string', prompt_path: 'string', enable_tag_shuffling: 'boolean', tag_delimiter: 'string', keep_tags_count: 'number',
} as const;
/** ConceptConfig.config_version: an older __version makes OneTrainer run its migrations on load. */
const CONCEPT_CONFIG_VERSION = 2;

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
    expect(Number.isInteger(concept.seed)).toBe(true);
    expect(Math.abs(concept.seed)).toBeLessThanOrEqual(2 ** 30);
    expect(concept).toMatchObject({
      __version: CONCEPT_CONFIG_VERSION,
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

describe('oneTrainerConcept for Windows and repeatable runs', () => {
  it('is plain ASCII: non-ASCII names and paths are \\u escapes (OneTrainer reads the file as cp1252 on Windows)', () => {
    const text = oneTrainerConcept(configInput({ datasetName: 'café 🐢', imagesDir: 'C:\\Users\\Zoë\\café' }), 2);
    expect(text).not.toMatch(/[^ -~\n]/);
    expect(text).toContain('caf\\u00e9 \\ud83d\\udc22');
    expect(text).toContain('"C:\\\\Users\\\\Zo\\u00eb\\\\caf\\u00e9"');
    const [concept] = JSON.parse(text);
    expect(concept.name).toBe('café 🐢');
    expect(concept.path).toBe('C:\\Users\\Zoë\\café');
    // What a cp1252 read of the bytes gives is the same text: every byte is ASCII.
    expect(new TextDecoder('windows-1252').decode(new TextEncoder().encode(text))).toBe(text);
  });

  it('leaves image augmentations such as enable_random_flip to OneTrainer (default off)', () => {
    const [concept] = JSON.parse(oneTrainerConcept(configInput(), 1));
    expect(concept).not.toHaveProperty('image');
  });

  it('has a seed that stays the same for the same dataset and differs between datasets', () => {
    const seed = (name: string) => JSON.parse(oneTrainerConcept(configInput({ datasetName: name }), 1))[0].seed;
    expect(seed('my set')).toBe(seed('my set'));
    expect(seed('my set')).toBe(conceptSeed('my set'));
    expect(seed('my set')).not.toBe(seed('my set 2'));
  });
});
