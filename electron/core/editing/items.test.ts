import { describe, expect, it } from 'vitest';
import { Dataset } from '../dataset/dataset.ts';
import { PNG, tempTrees } from '../dataset/test-fixtures.ts';
import { editableImages } from './items.ts';
import { planEdit, targetRecords } from './plan.ts';
import { datasetStats } from './stats.ts';

const tree = tempTrees();
const FILES = {
  'a.png': PNG,
  'a.txt': '1girl, solo',
  'b.png': PNG,
  'b.txt': '1girl, smile',
  'c.png': PNG,
  '.tagsmith/review.json': JSON.stringify({ version: 1, reviewed: ['c.png', 'a.png', 'deleted.png'] }),
};

describe('review marks in the editing layer', () => {
  it('editableImages carries each image mark into its query item', async () => {
    const dataset = await Dataset.open(tree(FILES));
    expect(editableImages(dataset).map((image) => [image.record.relPath, image.query.reviewed])).toEqual([
      ['a.png', true],
      ['b.png', false],
      ['c.png', true],
    ]);
  });

  it('filters and batch plans select by is:reviewed, and see marks set since the open', async () => {
    const dataset = await Dataset.open(tree(FILES));
    const ids = (filter: string) => {
      const r = targetRecords(dataset, { filter });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.map((record) => record.relPath);
    };
    expect(ids('is:reviewed')).toEqual(['a.png', 'c.png']);
    expect(ids('NOT is:reviewed')).toEqual(['b.png']);
    expect(ids('is:reviewed has:caption')).toEqual(['a.png']);
    await dataset.review().set(['b.png'], true);
    expect(ids('-is:reviewed')).toEqual([]);
    const plan = await planEdit(dataset, { filter: 'is:reviewed tag:smile', ops: [{ op: 'add', tags: ['ok'], at: 'end' }] });
    expect(plan.ok && plan.value.changes.map((c) => c.after)).toEqual(['1girl, smile, ok']);
  });

  it('stats count reviewed images that exist', async () => {
    const dataset = await Dataset.open(tree(FILES));
    expect(datasetStats(dataset).reviewed).toBe(2);
    expect(datasetStats(await Dataset.open(tree({ 'a.png': PNG }))).reviewed).toBe(0);
  });

  it('a broken review file is a warning of the dataset, and marks nothing', async () => {
    const dataset = await Dataset.open(tree({ ...FILES, '.tagsmith/review.json': '[' }));
    expect(datasetStats(dataset).reviewed).toBe(0);
    expect(dataset.warnings().some((w) => /review\.json is not valid JSON.*not saved until it is fixed/.test(w))).toBe(true);
  });
});
