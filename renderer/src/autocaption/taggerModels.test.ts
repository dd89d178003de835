import { describe, expect, it } from 'vitest';
import { WD14_MODELS } from '../../../models/wd14.ts';
import { FOLDER_CHOICE, findModel, modelGroups, modelHint, modelOptionLabel, pickerChoice, REGISTRY_MODELS, type TaggerModelInfo } from './taggerModels.ts';

const swin: TaggerModelInfo = { id: 'wd-swinv2-tagger-v3', repo: 'SmilingWolf/wd-swinv2-tagger-v3', version: 'v3', dir: '/cache/swin', downloadBytes: 470e6, diskBytes: 467_123_456 };
const eva: TaggerModelInfo = { id: 'wd-eva02-large-tagger-v3', repo: 'SmilingWolf/wd-eva02-large-tagger-v3', version: 'v3', dir: null, downloadBytes: 1.3e9, diskBytes: null };
const moat: TaggerModelInfo = { id: 'wd-v1-4-moat-tagger-v2', repo: 'SmilingWolf/wd-v1-4-moat-tagger-v2', version: 'v2', dir: null, downloadBytes: 330e6, diskBytes: null };
const models = [moat, swin, eva];

describe('tagger model picker', () => {
  it('labels each model with its size and whether it is downloaded', () => {
    expect(modelOptionLabel(swin)).toBe('wd-swinv2-tagger-v3 — downloaded, 467 MB');
    expect(modelOptionLabel(eva)).toBe('wd-eva02-large-tagger-v3 — ≈1.3 GB download');
    expect(modelOptionLabel(REGISTRY_MODELS[0]!)).toBe(WD14_MODELS[0]!.id);
  });

  it('groups v3 before v2, keeping the list order within a group', () => {
    expect(modelGroups(models).map((g) => [g.label, g.models.map((m) => m.id)])).toEqual([
      ['WD14 v3 taggers', ['wd-swinv2-tagger-v3', 'wd-eva02-large-tagger-v3']],
      ['WD14 v2 taggers', ['wd-v1-4-moat-tagger-v2']],
    ]);
  });

  it('selects a listed model by id or repository, anything else as a folder', () => {
    expect(pickerChoice('wd-swinv2-tagger-v3', models)).toBe('wd-swinv2-tagger-v3');
    expect(pickerChoice(' smilingwolf/WD-EVA02-large-tagger-v3 ', models)).toBe('wd-eva02-large-tagger-v3');
    expect(findModel('', models)).toBeUndefined();
    for (const spec of ['', '/home/me/models/tagger', 'C:\\models\\tagger', 'someone/custom-tagger']) expect(pickerChoice(spec, models)).toBe(FOLDER_CHOICE);
  });

  it('says where the chosen model comes from', () => {
    const ready = { kind: 'ready' } as const;
    expect(modelHint('wd-swinv2-tagger-v3', models, ready)).toBe('In the Hugging Face cache: /cache/swin');
    expect(modelHint('wd-eva02-large-tagger-v3', models, ready)).toBe('Not on this machine: downloads ≈1.3 GB from SmilingWolf/wd-eva02-large-tagger-v3 on first use.');
    expect(modelHint('wd-eva02-large-tagger-v3', models, { kind: 'loading' })).toBe('Checking which models are on this machine…');
    expect(modelHint('wd-eva02-large-tagger-v3', models, { kind: 'failed', message: 'EACCES' })).toMatch(/^Could not check which models are on this machine \(EACCES\)/);
    expect(modelHint('/home/me/tagger', models, ready)).toBe('A folder holding model.onnx and selected_tags.csv.');
  });
});
