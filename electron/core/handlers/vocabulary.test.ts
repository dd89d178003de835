import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PNG } from '../dataset/test-fixtures.ts';
import { openTestSession } from './test-session.ts';
import { WD14_CSV } from '../../../test/helpers/wd14-csv.ts';

describe('vocabulary.get', () => {
  it('is empty with a null source when no tag list is present', async () => {
    const t = await openTestSession({ 'a.png': PNG });
    expect(await t.value('vocabulary.get')).toEqual({ source: null, tags: [] });
  });

  it('reads selected_tags.csv from the dataset root, preferring the one in .tagsmith/, and sees it change', async () => {
    const t = await openTestSession({ 'a.png': PNG, 'selected_tags.csv': 'tag_id,name,category,count\n1,root_tag,0,3\n' });
    expect(await t.value('vocabulary.get')).toEqual({ source: 'selected_tags.csv', tags: [{ name: 'root_tag', category: 0, count: 3 }] });

    fs.mkdirSync(path.join(t.root, '.tagsmith'), { recursive: true });
    fs.writeFileSync(path.join(t.root, '.tagsmith', 'selected_tags.csv'), WD14_CSV);
    const vocab = await t.value('vocabulary.get');
    expect(vocab.source).toBe('.tagsmith/selected_tags.csv');
    expect(vocab.tags.map((tag) => tag.name)).toContain('hatsune_miku_(cosplay)');

    fs.writeFileSync(path.join(t.root, '.tagsmith', 'selected_tags.csv'), 'tag_id,name,category,count\n1,replaced_tag,4,1\n');
    expect((await t.value('vocabulary.get')).tags).toEqual([{ name: 'replaced_tag', category: 4, count: 1 }]);
  });
});
