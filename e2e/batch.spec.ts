import { captionBytes as captions, captionFor } from './support/dataset.ts';
import { expect, shot, test } from './support/fixtures.ts';

test('batch replace: preview first, apply as one step, undo restores every file byte for byte', async ({ app: page, served, disk }) => {
  const original = await captions(served.root);
  await page.getByRole('button', { name: 'Batch…' }).click();
  const dialog = page.getByRole('region', { name: 'Batch edit' });
  await dialog.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Replace text' });
  await dialog.getByRole('textbox', { name: 'Find text' }).fill('dress');
  await dialog.getByRole('textbox', { name: 'Replace with' }).fill('gown');
  // No filter, no selection: the scope says so, with its count.
  await expect(dialog.getByText('Applies to all 42 images (no filter or selection)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Preview on 42 images' }).click();
  // 37 generated captions mention a dress (tag and sentence); nothing is written by the preview.
  await expect(dialog.getByRole('status')).toContainText('37 of 42 captions would change');
  await shot(page, 'batch-preview');
  expect(await captions(served.root)).toEqual(original);

  await dialog.getByRole('button', { name: 'Apply to 37 captions' }).click();
  await expect(dialog.getByRole('status')).toContainText('Changed 37 captions');
  expect(await disk.read('img_00001.txt')).toBe(captionFor(0).replaceAll('dress', 'gown'));
  expect(await disk.read('miku.txt')).toBe('hatsune_miku_(cosplay), ^_^, :3, 1girl, twintails. She smiles at the viewer.\n');

  // One undo reverses the whole batch, and the panel's status follows it.
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => captions(served.root)).toEqual(original);
  await expect(dialog.getByRole('status')).toContainText('Undone: Replace "dress" with "gown"');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: /Redo/ }).click();
  await expect.poll(() => disk.read('img_00002.txt')).toBe(captionFor(1).replaceAll('dress', 'gown'));
});

test('trigger-word insertion over all images puts the word first and keeps it first', async ({ app: page, served, disk }) => {
  await page.getByRole('button', { name: 'Batch…' }).click();
  const dialog = page.getByRole('region', { name: 'Batch edit' });
  await dialog.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Insert trigger words' });
  await dialog.getByRole('textbox', { name: 'Trigger words' }).fill('ohwx');
  await dialog.getByRole('button', { name: /^Preview/ }).click();
  // The 39 captioned images change; the 3 uncaptioned are left alone unless the user asks.
  await expect(dialog.getByRole('status')).toContainText('39 of 42 captions would change');
  await expect(dialog.getByRole('status')).toContainText('3 image(s) without a caption are left alone');
  await expect(dialog.getByRole('checkbox', { name: 'Also create captions for 3 images without one' })).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Apply to 39 captions' }).click();
  await expect(dialog.getByRole('status')).toContainText('Changed 39 captions');
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await disk.read('img_00005.txt')).toBe(`ohwx, ${captionFor(4)}`);
  // No caption file appeared for an uncaptioned image: its "No caption" badge and auto-caption's skip stay right.
  expect(await disk.read('set b/img_00040.txt')).toBeNull();
  expect(await disk.read('größe #1.txt')).toBe('\uFEFFohwx, solo, 日本語タグ, café, standing\r\nsecond line kept\r\n');
  const settings = JSON.parse((await disk.read('.tagsmith/settings.json')) ?? '{}');
  expect(settings.triggerWords).toEqual(['ohwx']);

  // The trigger word is pinned in the detail panel and stays first through a sort.
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00005.png', exact: true }).click();
  await page.getByRole('button', { name: 'Batch…' }).click();
  await dialog.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Sort tags' });
  await dialog.getByRole('button', { name: /^Preview/ }).click();
  await dialog.getByRole('button', { name: /^Apply to \d+ captions$/ }).click();
  await expect(dialog.getByRole('status')).toContainText('Changed');
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await disk.read('img_00005.txt')).toMatch(/^ohwx, 1girl, /);
  await shot(page, 'after-trigger-sort');
  void served;
});

test('one scope rule: the filter, then the selection; chained steps are one undo; hidden selected images are asked about', async ({ app: page, disk, api }) => {
  const grid = page.getByRole('listbox', { name: 'Images' });
  await page.getByRole('searchbox', { name: 'Filter' }).fill('tag:kneeling');
  await page.getByRole('searchbox', { name: 'Filter' }).press('Enter');
  await expect(page.getByTestId('counts')).toHaveText(/^7 shown/);
  await page.getByRole('button', { name: 'Batch…' }).click();
  const panel = page.getByRole('region', { name: 'Batch edit' });
  await expect(panel.getByText('Applies to the 7 images matching the filter (tag:kneeling)')).toBeVisible();

  // Two steps chained: add a tag, then sort; one apply, one journal entry.
  await panel.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Add tags' });
  await panel.getByRole('textbox', { name: 'Tags to add' }).fill('from below');
  await panel.getByRole('button', { name: 'Add as step' }).click();
  await expect(panel.getByRole('list', { name: 'Steps' })).toContainText('Add "from below"');
  await panel.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Sort tags' });
  await panel.getByRole('button', { name: 'Preview 2 steps on 7 images' }).click();
  await expect(panel.getByRole('status')).toContainText('7 of 7 captions would change');
  await panel.getByRole('button', { name: 'Apply to 7 captions' }).click();
  await expect(panel.getByRole('status')).toContainText('Changed 7 captions');
  const history = await api.history();
  expect(history.entries.at(-1)).toMatchObject({ label: 'Add "from below"; Sort tags alphabetically', files: 7 });
  expect(await disk.read('img_00003.txt')).toContain('from below');
  expect(await disk.read('img_00001.txt')).toBe(captionFor(0));

  // A selection wins over the filter; the panel stays open beside the grid while the user selects.
  await grid.getByRole('option').first().click();
  await grid.getByRole('option').nth(1).click({ modifiers: ['Control'] });
  await expect(panel.getByText('Applies to the 2 selected images')).toBeVisible();

  // Select all shown, then change the filter: the selection is now hidden, and everyone says so.
  await page.getByRole('button', { name: 'Select all shown' }).click();
  await page.getByRole('searchbox', { name: 'Filter' }).fill('tag:lying');
  await page.getByRole('searchbox', { name: 'Filter' }).press('Enter');
  await expect(page.getByTestId('counts')).toHaveAttribute('aria-label', /7 selected, 7 hidden/);
  const include = panel.getByRole('checkbox', { name: 'Include 7 selected images the filter hides' });
  await expect(include).not.toBeChecked();
  await expect(panel.getByText('Applies to the 0 selected images')).toBeVisible();
  await shot(page, 'batch-hidden-selection');
  await include.check();
  await expect(panel.getByText('Applies to the 7 selected images')).toBeVisible();

  // The selection's own tag editor asks too, before an edit reaches the hidden images.
  const before = await disk.read('img_00003.txt');
  const multi = page.getByRole('region', { name: '7 images selected' });
  await multi.getByRole('combobox', { name: 'Add tag' }).fill('checked');
  await multi.getByRole('combobox', { name: 'Add tag' }).press('Shift+Enter');
  const ask = multi.getByRole('alert');
  await expect(ask).toContainText('7 of the 7 selected images are hidden by the filter');
  await expect(ask.getByRole('button', { name: 'Only the 0 shown' })).toBeDisabled();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  expect(await disk.read('img_00003.txt')).toBe(before);
  await multi.getByRole('combobox', { name: 'Add tag' }).fill('checked');
  await multi.getByRole('combobox', { name: 'Add tag' }).press('Shift+Enter');
  await multi.getByRole('alert').getByRole('button', { name: 'Edit all 7' }).click();
  await expect.poll(() => disk.read('img_00003.txt')).toContain('checked');

  // A quick tag key on the hidden selection asks the same way.
  const checked = await disk.read('img_00003.txt');
  await page.getByRole('listbox', { name: 'Images' }).focus();
  await page.keyboard.press('1');
  await expect(multi.getByRole('alert')).toContainText('7 of the 7 selected images are hidden by the filter');
  await multi.getByRole('alert').getByRole('button', { name: 'Cancel' }).click();
  await expect(multi.getByRole('alert')).toHaveCount(0);
  expect(await disk.read('img_00003.txt')).toBe(checked);
});
