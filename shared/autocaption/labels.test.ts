import { describe, expect, it } from 'vitest';
import { parseSelectedTags } from './labels.ts';

const WD14 = [
  'tag_id,name,category,count',
  '9999999,general,9,807498',
  '470575,1girl,0,4312218',
  '212816,solo,0,3456712',
  '1281,^_^,0,21645',
  '402217,:3,0,45310',
  '1304828,"hatsune_miku_(cosplay)",0,2871',
  '1386691,"\'\'\' ,\'",0,12',
  '1484,"""quoted""",0,7',
  '3,,0,9',
  '',
].join('\n');

describe('parseSelectedTags', () => {
  it('reads the WD14 columns; names keep their underscores, parentheses, quotes and kaomoji; a nameless row keeps its place', () => {
    expect(parseSelectedTags(WD14)).toEqual([
      { name: 'general', category: 9, count: 807498 },
      { name: '1girl', category: 0, count: 4312218 },
      { name: 'solo', category: 0, count: 3456712 },
      { name: '^_^', category: 0, count: 21645 },
      { name: ':3', category: 0, count: 45310 },
      { name: 'hatsune_miku_(cosplay)', category: 0, count: 2871 },
      { name: "''' ,'", category: 0, count: 12 },
      { name: '"quoted"', category: 0, count: 7 },
      { name: '', category: 0, count: 9 },
    ]);
  });

  it('finds the columns by header name, and assumes WD14 order without a header', () => {
    expect(parseSelectedTags('count,name\r\n5,red_dress\r\n')).toEqual([{ name: 'red_dress', category: 0, count: 5 }]);
    expect(parseSelectedTags('1,o_o,0,12\n2,x_x,bad\n')).toEqual([
      { name: 'o_o', category: 0, count: 12 },
      { name: 'x_x', category: 0, count: 0 },
    ]);
  });
});

