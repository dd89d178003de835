/** A WD14 `selected_tags.csv` excerpt with the hard cases: kaomoji, parentheses, quotes, a nameless row. */
export const WD14_CSV = [
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
