import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { captionFor } from './support/dataset.ts';
import { expect, shot, test } from './support/fixtures.ts';

/** Every caption file of the dataset with its exact bytes (hex), for byte-for-byte comparisons. */
async function captions(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string, prefix: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) await walk(join(dir, e.name), `${prefix}${e.name}/`);
      else if (e.name.endsWith('.txt')) out[prefix + e.name] = (await readFile(join(dir, e.name))).toString('hex');
    }
  };
  await walk(root, '');
  return out;
}

test('batch replace: preview first, apply as one step, undo restores every file byte for byte', async ({ app: page, served, disk }) => {
  const original = await captions(served.root);
  await page.getByRole('button', { name: 'Batch…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Batch edit' });
  await dialog.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Replace text' });
  await dialog.getByRole('textbox', { name: 'Find text' }).fill('dress');
  await dialog.getByRole('textbox', { name: 'Replace with' }).fill('gown');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  // 37 generated captions mention a dress (tag and sentence); nothing is written by the preview.
  await expect(dialog.getByRole('status')).toContainText('37 of 42 captions would change');
  await shot(page, 'batch-preview');
  expect(await captions(served.root)).toEqual(original);

  await dialog.getByRole('button', { name: 'Apply 37 changes' }).click();
  await expect(dialog.getByRole('status')).toContainText('Changed 37 captions');
  expect(await disk.read('img_00001.txt')).toBe(captionFor(0).replaceAll('dress', 'gown'));
  expect(await disk.read('miku.txt')).toBe('hatsune_miku_(cosplay), ^_^, :3, 1girl, twintails. She smiles at the viewer.\n');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // One undo reverses the whole batch.
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => captions(served.root)).toEqual(original);
  await page.getByRole('button', { name: /Redo/ }).click();
  await expect.poll(() => disk.read('img_00002.txt')).toBe(captionFor(1).replaceAll('dress', 'gown'));
});

test('trigger-word insertion over all images puts the word first and keeps it first', async ({ app: page, served, disk }) => {
  await page.getByRole('button', { name: 'Batch…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Batch edit' });
  await dialog.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Insert trigger words' });
  await dialog.getByRole('textbox', { name: 'Trigger words' }).fill('ohwx');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  // Every image: 39 captioned + 3 uncaptioned get a caption file with the trigger word.
  await expect(dialog.getByRole('status')).toContainText('42 of 42 captions would change');
  await dialog.getByRole('button', { name: 'Apply 42 changes' }).click();
  await expect(dialog.getByRole('status')).toContainText('Changed 42 captions');
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await disk.read('img_00005.txt')).toBe(`ohwx, ${captionFor(4)}`);
  expect(await disk.read('set b/img_00040.txt')).toBe('ohwx');
  expect(await disk.read('größe #1.txt')).toBe('\uFEFFohwx, solo, 日本語タグ, café, standing\r\nsecond line kept\r\n');
  const settings = JSON.parse((await disk.read('.tagsmith/settings.json')) ?? '{}');
  expect(settings.triggerWords).toEqual(['ohwx']);

  // The trigger word is pinned in the detail panel and stays first through a sort.
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00005.png', exact: true }).click();
  await page.getByRole('button', { name: 'Batch…' }).click();
  await dialog.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Sort tags' });
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await dialog.getByRole('button', { name: /^Apply \d+ changes$/ }).click();
  await expect(dialog.getByRole('status')).toContainText('Changed');
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await disk.read('img_00005.txt')).toMatch(/^ohwx, 1girl, /);
  await shot(page, 'after-trigger-sort');
  void served;
});
