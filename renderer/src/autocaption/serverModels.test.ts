import { describe, expect, it } from 'vitest';
import { comboOptions, serverModelsHint } from './serverModels.ts';

const models = ['fake-vlm', 'joycaption-beta-one', 'Qwen2.5-VL-7B', 'llava:13b'];

describe('model combobox options', () => {
  it('lists every model when opened, or when the field holds one of them', () => {
    expect(comboOptions(models, 'joy', false)).toBe(models);
    expect(comboOptions(models, 'fake-vlm', true)).toBe(models);
    expect(comboOptions(models, '  ', true)).toBe(models);
  });

  it('narrows to the models containing what is typed, case-insensitively', () => {
    expect(comboOptions(models, 'VL', true)).toEqual(['fake-vlm', 'Qwen2.5-VL-7B']);
    expect(comboOptions(models, 'mistral', true)).toEqual([]);
  });

  it('tells how to get the list and how to open it', () => {
    expect(serverModelsHint(0)).toBe('Test connection lists the models the server has.');
    expect(serverModelsHint(1)).toMatch(/^1 model on the server/);
    expect(serverModelsHint(4)).toMatch(/^4 models on the server/);
  });
});
