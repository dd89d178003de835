import { describe, expect, it } from 'vitest';
import { parseSelectedTags } from './labels.ts';
import { WD14_CSV } from '../../test/helpers/wd14-csv.ts';

describe('parseSelectedTags', () => {
  it('reads the WD14_CSV columns; names keep their underscores, parentheses, quotes and kaomoji; a nameless row keeps its place', () => {
    expect(parseSelectedTags(WD14_CSV)).toEqual([
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

  it('finds the columns by header name, and assumes WD14_CSV order without a header', () => {
    expect(parseSelectedTags('count,name\r\n5,red_dress\r\n')).toEqual([{ name: 'red_dress', category: 0, count: 5 }]);
    expect(parseSelectedTags('1,o_o,0,12\n2,x_x,bad\n')).toEqual([
      { name: 'o_o', category: 0, count: 12 },
      { name: 'x_x', category: 0, count: 0 },
    ]);
  });
});

