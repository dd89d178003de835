import { captionFor } from './support/dataset.ts';
import { expect, shot, test } from './support/fixtures.ts';

// 40 generated images (37 captioned) + miku.png + 'größe #1.png'.
const TOTAL = 42;

test('the grid shows every image and a person can edit one: add, drag, remove, bytes on disk', async ({ app: page, disk }) => {
  await expect(page.getByRole('banner')).toContainText(`${TOTAL} shown`);
  const grid = page.getByRole('listbox', { name: 'Images' });
  await grid.getByRole('option', { name: 'img_00001.png', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Caption of img_00001.png' });
  const chips = panel.getByRole('list', { name: 'Caption tags' });
  await expect(chips.getByRole('button', { name: 'long_hair', exact: true })).toBeVisible();

  await panel.getByRole('combobox', { name: 'Add tag' }).fill('from above');
  await panel.getByRole('combobox', { name: 'Add tag' }).press('Enter');
  await expect(chips.getByRole('button', { name: 'from above', exact: true })).toBeVisible();
  const original = captionFor(0);
  await expect.poll(() => disk.read('img_00001.txt')).toBe(original.replace('indoors.', 'indoors, from above.'));
  await expect(page.getByRole('contentinfo')).toContainText('All changes saved');
  await shot(page, 'detail-panel');

  // Drag "from above" to the front (dnd-kit needs intermediate pointer moves).
  await chips.getByRole('button', { name: 'from above', exact: true }).dragTo(chips.getByRole('button', { name: '1girl', exact: true }), { steps: 12 });
  await expect.poll(() => disk.read('img_00001.txt')).toBe(`from above, ${original}`);

  // Remove with the x button, then with Backspace on a focused chip.
  await chips.getByRole('button', { name: 'Remove solo' }).click();
  await chips.getByRole('button', { name: 'indoors', exact: true }).focus();
  await page.keyboard.press('Backspace');
  await expect.poll(() => disk.read('img_00001.txt')).toBe('from above, 1girl, red dress, standing, low angle, long_hair. She is standing in a red dress. Light falls from the left.\n');

  // Every chip edit is its own journal step, however fast they come: one undo brings back indoors,
  // the next one solo.
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => disk.read('img_00001.txt')).toBe('from above, 1girl, red dress, standing, low angle, long_hair, indoors. She is standing in a red dress. Light falls from the left.\n');
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => disk.read('img_00001.txt')).toBe('from above, 1girl, solo, red dress, standing, low angle, long_hair, indoors. She is standing in a red dress. Light falls from the left.\n');
  // Untouched captions keep every byte.
  expect(await disk.read('img_00002.txt')).toBe(captionFor(1));
});

test("the token count under the caption is CLIP's exact count, cleaning included", async ({ app: page, disk }) => {
  // Fullwidth letters and a curly apostrophe: the estimate gets both wrong, kohya's tokenizer folds them.
  await disk.write('img_00004.txt', 'ＡＢＣ, it’s\n');
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00004.png', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Caption of img_00004.png' });
  // abc , it 's = 4
  await expect(panel.getByText(/tokens/)).toHaveText('4 / 75 tokens');
});

test('filter bar and tag sidebar pick the images', async ({ app: page }) => {
  await shot(page, 'grid');
  const filter = page.getByRole('searchbox', { name: 'Filter' });
  await filter.fill('tag:kneeling');
  // kneeling: i % 5 == 2 among the 37 captioned images
  await expect(page.getByRole('banner')).toContainText('7 shown');
  await filter.fill('tag:kneeling AND (');
  await expect(page.getByRole('banner')).toContainText(/Unclosed|\)/);
  await filter.fill('');
  await expect(page.getByRole('banner')).toContainText(`${TOTAL} shown`);

  const sidebar = page.getByRole('complementary', { name: 'Tags' });
  await sidebar.getByRole('button', { name: 'kneeling', exact: true }).click();
  await expect(page.getByRole('banner')).toContainText('7 shown');
  await sidebar.getByRole('button', { name: 'low angle', exact: true }).click({ modifiers: ['Shift'] });
  // kneeling AND NOT low angle: i in {2,7,12,17,22,27,32}; low angle when floor(i/5)%5 == 0 -> i=2, 27
  await expect(page.getByRole('banner')).toContainText('5 shown');
  await expect(filter).toHaveValue(/kneeling.*-tag:"low angle"/);
  await expect(page.getByRole('option')).toHaveCount(5);
});

test('tags with parentheses, kaomoji and unicode survive editing; BOM and CRLF are kept', async ({ app: page, disk }) => {
  const grid = page.getByRole('listbox', { name: 'Images' });
  const filter = page.getByRole('searchbox', { name: 'Filter' });
  // The grid is virtualized: images far down the list are found the way a person would, by filtering.
  await filter.fill('file:miku.png');
  await grid.getByRole('option', { name: 'miku.png', exact: true }).click();
  let panel = page.getByRole('region', { name: 'Caption of miku.png' });
  for (const tag of ['hatsune_miku_(cosplay)', '^_^', ':3']) {
    await expect(panel.getByRole('list', { name: 'Caption tags' }).getByRole('button', { name: tag, exact: true })).toBeVisible();
  }
  await panel.getByRole('combobox', { name: 'Add tag' }).fill('star (symbol)');
  await panel.getByRole('combobox', { name: 'Add tag' }).press('Enter');
  await expect.poll(() => disk.read('miku.txt')).toBe('hatsune_miku_(cosplay), ^_^, :3, 1girl, twintails, star (symbol). She smiles at the viewer.\n');

  await filter.fill('file:"größe #1.png"');
  await grid.getByRole('option', { name: 'größe #1.png', exact: true }).click();
  panel = page.getByRole('region', { name: 'Caption of größe #1.png' });
  await expect(panel.getByRole('button', { name: '日本語タグ', exact: true })).toBeVisible();
  await panel.getByRole('button', { name: 'Remove café' }).click();
  await expect.poll(() => disk.read('größe #1.txt')).toBe('\uFEFFsolo, 日本語タグ, standing\r\nsecond line kept\r\n');
});

test('a caption changed on disk while open shows up, and a conflicting edit is never overwritten silently', async ({ app: page, disk }) => {
  const grid = page.getByRole('listbox', { name: 'Images' });
  // An outside change with no local edit: the UI follows the file.
  await disk.write('img_00003.txt', 'changed elsewhere, outside tag\n');
  await grid.getByRole('option', { name: 'img_00003.png', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Caption of img_00003.png' });
  await expect(panel.getByRole('button', { name: 'outside tag', exact: true })).toBeVisible();

  // A local edit racing an outside change: a conflict, then "keep mine" writes mine on purpose.
  const sentences = panel.getByRole('textbox', { name: 'Sentences' });
  await sentences.fill('My own sentence.');
  await disk.write('img_00003.txt', 'theirs, second outside edit\n');
  await expect(page.getByRole('button', { name: /Keep mine/i })).toBeVisible({ timeout: 15_000 });
  expect(await disk.read('img_00003.txt')).toBe('theirs, second outside edit\n');
  await shot(page, 'conflict');
  await page.getByRole('button', { name: /Keep mine/i }).click();
  await expect.poll(() => disk.read('img_00003.txt')).toContain('My own sentence.');
});

test('removing the last tag asks before the caption goes: keep the old caption, or delete the file (undoable)', async ({ app: page, disk }) => {
  const grid = page.getByRole('listbox', { name: 'Images' });
  await page.getByRole('searchbox', { name: 'Filter' }).fill('file:img_00038.png');
  await grid.getByRole('option', { name: 'img_00038.png', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Caption of img_00038.png' });
  const chips = panel.getByRole('list', { name: 'Caption tags' });
  // An uncaptioned image: adding a tag creates its caption file (a per-image action).
  await panel.getByRole('combobox', { name: 'Add tag' }).fill('kneeling');
  await panel.getByRole('combobox', { name: 'Add tag' }).press('Enter');
  await expect.poll(() => disk.read('img_00038.txt')).toMatch(/^kneeling\n?$/);
  const created = await disk.read('img_00038.txt');

  // One click removes the last tag; nothing is written until the user chooses.
  await chips.getByRole('button', { name: 'Remove kneeling' }).click();
  const ask = panel.getByRole('alert').filter({ hasText: 'leaves the caption empty' });
  await expect(ask).toBeVisible();
  await expect(panel.getByRole('status').filter({ hasText: 'Not saved: empty' })).toBeVisible();
  await shot(page, 'empty-caption-ask');
  await page.waitForTimeout(1_000);
  expect(await disk.read('img_00038.txt')).toBe(created);
  await ask.getByRole('button', { name: 'Keep the old caption' }).click();
  await expect(chips.getByRole('button', { name: 'kneeling', exact: true })).toBeVisible();
  await expect(ask).toHaveCount(0);
  // Ctrl+Z takes the removal back the same way (it is the newest action), without undoing the file's creation.
  await chips.getByRole('button', { name: 'Remove kneeling' }).click();
  await expect(ask).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(chips.getByRole('button', { name: 'kneeling', exact: true })).toBeVisible();
  await expect(ask).toHaveCount(0);
  expect(await disk.read('img_00038.txt')).toBe(created);

  // Second time: delete the file. The image is uncaptioned again, and Undo brings the file back.
  await chips.getByRole('button', { name: 'Remove kneeling' }).click();
  await ask.getByRole('button', { name: 'Delete caption file' }).click();
  await expect.poll(() => disk.read('img_00038.txt')).toBeNull();
  await expect(panel.getByRole('status').filter({ hasText: 'No caption file' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText('All changes saved');
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => disk.read('img_00038.txt')).toBe(created);
});
