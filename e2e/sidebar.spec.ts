import { AxeBuilder } from '@axe-core/playwright';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { captionBytes as captions, captionFor, makeDataset } from './support/dataset.ts';
import { expect, shot, test as base } from './support/fixtures.ts';
import { serveFolder } from './support/server.ts';

/*
 * The tag sidebar's dataset-wide actions (issue 11). The generated dataset has `long_hair` in its 37
 * generated captions; one more image spells it `Long Hair`, and two caption files have lost their
 * images. Images img_00038, img_00039 and set b/img_00040 have no caption.
 */
const EXTRA = '1girl, Long Hair, smile. She smiles.\n';
const ORPHAN = '\uFEFF1girl, lost_tag, long_hair\r\nnotes kept\r\n';
const ORPHAN_B = 'solo, forgotten\n';

const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  served: async ({}, use) => {
    const root = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-sidebar-'));
    await makeDataset(root, { count: 40, uncaptioned: 3 });
    await copyFile(join(root, 'miku.png'), join(root, 'extra.png'));
    await writeFile(join(root, 'extra.txt'), EXTRA);
    await writeFile(join(root, 'img_00038_old.txt'), ORPHAN);
    await writeFile(join(root, 'set b', 'gone.txt'), ORPHAN_B);
    const served = await serveFolder(root);
    await use(served);
    await served.stop();
  },
});


const sidebarOf = (page: Page) => page.getByRole('complementary', { name: 'Tags' });
const tagButton = (page: Page, tag: string) => sidebarOf(page).getByRole('button', { name: tag, exact: true });
const seriousViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

test('rename a tag from its menu with the keyboard alone; one undo restores every file', async ({ app: page, served, disk }) => {
  const original = await captions(served.root);
  const sidebar = sidebarOf(page);
  // Two spellings, one tag: counted together, shown once under the common one, and marked.
  const longHair = tagButton(page, 'long_hair');
  await expect(longHair).toHaveAccessibleDescription('38 images, 2 spellings');
  await expect(tagButton(page, 'Long Hair')).toHaveCount(0);
  await expect(sidebar.getByRole('button', { name: '2× (2 spellings): Unify spellings as long_hair' })).toBeVisible();

  const menu = page.getByRole('menu', { name: 'long_hair' });
  // At each size: open, look, check, close.
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await longHair.focus();
    await page.keyboard.press('Shift+F10');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Rename tag…' })).toBeFocused();
    await shot(page, `sidebar-menu-${w}`);
    // Nothing is selected: the selection's items say so and stay disabled.
    await expect(menu.getByRole('menuitem', { name: 'Add to selected' })).toHaveAttribute('aria-disabled', 'true');
    expect(await seriousViolations(page)).toEqual([]);
    // Escape closes the menu and gives the focus back to the tag.
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await expect(longHair).toBeFocused();
  }

  // The Menu key opens it too; arrows move (and wrap), Enter runs the item.
  await page.keyboard.press('ContextMenu');
  await expect(menu.getByRole('menuitem', { name: 'Rename tag…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Delete tag…' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: /^Exclude/ })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(menu.getByRole('menuitem', { name: 'Rename tag…' })).toBeFocused();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Rename tag' });
  const name = dialog.getByRole('textbox', { name: 'New name' });
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('long_hair');
  await page.keyboard.type('very long hair');
  await shot(page, 'sidebar-rename-dialog');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);

  // The batch panel opens with the rename as its step, previewed over the scope (all images).
  const panel = page.getByRole('region', { name: 'Batch edit' });
  await expect(panel.getByRole('status')).toContainText('38 of 43 captions would change');
  expect(await captions(served.root)).toEqual(original);
  const apply = panel.getByRole('button', { name: /^Apply/ });
  await apply.focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status')).toContainText('Changed 38 captions');

  expect(await disk.read('img_00001.txt')).toBe(captionFor(0).replace('long_hair', 'very long hair'));
  expect(await disk.read('extra.txt')).toBe(EXTRA.replace('Long Hair', 'very long hair'));
  await expect(tagButton(page, 'very long hair')).toHaveAccessibleDescription('38 images');
  await expect(tagButton(page, 'long_hair')).toHaveCount(0);

  await page.getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => captions(served.root)).toEqual(original);
  await expect(tagButton(page, 'long_hair')).toHaveAccessibleDescription('38 images, 2 spellings');
});

test('counts read in view / total under a filter; spellings unify in one click; sort by name is remembered', async ({ app: page, disk, api }) => {
  const sidebar = sidebarOf(page);
  // Filter by a tag: 7 of the generated images kneel.
  await tagButton(page, 'kneeling').click();
  await expect(page.getByRole('searchbox', { name: 'Filter' })).toHaveValue('tag:"kneeling"');
  const longHair = tagButton(page, 'long_hair');
  await expect(longHair).toHaveAccessibleDescription('7 images in view of 38, 2 spellings');
  const countOf = (tag: string) => sidebar.locator('.tag-row').filter({ has: page.getByRole('button', { name: tag, exact: true }) }).locator('.tag-count');
  await expect(countOf('long_hair')).toHaveText('7 / 38');
  await expect(countOf('smile')).toHaveText('0 / 1');
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shot(page, `sidebar-counts-filtered-${w}`);
  }
  await tagButton(page, 'kneeling').click();
  await expect(longHair).toHaveAccessibleDescription('38 images, 2 spellings');

  // Sort by name: the order changes and the choice is saved in the per-user preferences.
  const list = sidebar.getByRole('group', { name: 'Tags by count' });
  await expect(list.getByRole('button').first()).toHaveAccessibleName('1girl');
  await sidebar.getByRole('group', { name: 'Sort tags by' }).getByRole('button', { name: 'Name' }).click();
  const byName = sidebar.getByRole('group', { name: 'Tags by name' });
  await expect(byName.getByRole('button').first()).toHaveAccessibleName(':3');
  await expect.poll(async () => (await api.call('prefs.get', {})).editor.tagSort).toBe('name');
  await page.reload();
  await expect(sidebar.getByRole('group', { name: 'Tags by name' })).toBeVisible();

  // The spelling marker unifies in one click, through the batch panel's preview.
  await sidebar.getByRole('button', { name: '2× (2 spellings): Unify spellings as long_hair' }).click();
  const panel = page.getByRole('region', { name: 'Batch edit' });
  await expect(panel.getByRole('status')).toContainText('1 of 43 captions would change');
  await panel.getByRole('button', { name: /^Apply/ }).click();
  await expect(panel.getByRole('status')).toContainText('Changed 1 caption');
  expect(await disk.read('extra.txt')).toBe(EXTRA.replace('Long Hair', 'long_hair'));
  await expect(tagButton(page, 'long_hair')).toHaveAccessibleDescription('38 images');
  await expect(sidebar.getByRole('button', { name: /spellings/ })).toHaveCount(0);
});

test('add to and remove from the selected images from the tag menu', async ({ app: page, disk }) => {
  const grid = page.getByRole('listbox', { name: 'Images' });
  await grid.getByRole('option', { name: 'img_00001.png', exact: true }).click();
  await grid.getByRole('option', { name: 'img_00002.png', exact: true }).click({ modifiers: ['Control'] });
  await tagButton(page, 'smile').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'smile' });
  await menu.getByRole('menuitem', { name: /^Add to selected/ }).click();
  await expect.poll(() => disk.read('img_00001.txt')).toBe(captionFor(0).replace('indoors.', 'indoors, smile.'));
  expect(await disk.read('img_00002.txt')).toBe(captionFor(1).replace('indoors.', 'indoors, smile.'));
  await expect(tagButton(page, 'smile')).toHaveAccessibleDescription('3 images');

  await tagButton(page, 'smile').click({ button: 'right' });
  await menu.getByRole('menuitem', { name: /^Remove from selected/ }).click();
  await expect.poll(() => disk.read('img_00001.txt')).toBe(captionFor(0));
  expect(await disk.read('img_00002.txt')).toBe(captionFor(1));
});

test('captions without an image: listed, read, deleted and undone, attached and undone', async ({ app: page, disk }) => {
  const sidebar = sidebarOf(page);
  const toggle = sidebar.getByRole('button', { name: 'Captions without an image (2)' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  const orphan = sidebar.getByRole('group', { name: 'img_00038_old.txt' });
  await expect(sidebar.getByRole('group', { name: 'set b/gone.txt' })).toBeVisible();

  // Open: the text, read-only.
  await orphan.getByRole('button', { name: 'Open' }).click();
  const view = page.getByRole('dialog', { name: 'Caption without an image' });
  const text = view.getByRole('textbox', { name: 'Text of img_00038_old.txt' });
  // (A textarea's value reads CRLF as LF.)
  await expect(text).toHaveValue(ORPHAN.replaceAll('\r\n', '\n'));
  await expect(text).toHaveAttribute('readonly', '');
  for (const [w, h] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shot(page, `sidebar-orphan-open-${w}`);
  }
  await view.getByRole('button', { name: 'Close' }).first().click();
  await expect(orphan.getByRole('button', { name: 'Open' })).toBeFocused();
  await shot(page, 'sidebar-orphans-1920');

  // Delete…: gone from disk and from the list; one undo brings back the same bytes.
  const bytes = await disk.bytes('img_00038_old.txt');
  await orphan.getByRole('button', { name: 'Delete…' }).click();
  const del = page.getByRole('dialog', { name: 'Delete caption without an image' });
  await del.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(del).toHaveCount(0);
  await expect.poll(() => disk.read('img_00038_old.txt')).toBeNull();
  await expect(sidebar.getByRole('button', { name: 'Captions without an image (1)' })).toBeVisible();
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => disk.bytes('img_00038_old.txt').catch(() => null)).toEqual(bytes);
  await expect(sidebar.getByRole('button', { name: 'Captions without an image (2)' })).toBeVisible();

  // Attach to image…: the likeliest image without a caption is offered first.
  await orphan.getByRole('button', { name: 'Attach to image…' }).click();
  const attach = page.getByRole('dialog', { name: 'Attach caption to an image' });
  await expect(attach.getByRole('listbox', { name: 'Images without a caption (3)' })).toHaveValue('img_00038.png');
  await shot(page, 'sidebar-orphan-attach-1920');
  await attach.getByRole('button', { name: 'Attach to img_00038.png' }).click();
  await expect(attach).toHaveCount(0);
  await expect.poll(() => disk.bytes('img_00038.txt').catch(() => null)).toEqual(bytes);
  expect(await disk.read('img_00038_old.txt')).toBeNull();
  await expect(sidebar.getByRole('button', { name: 'Captions without an image (1)' })).toBeVisible();
  await expect(tagButton(page, 'lost_tag')).toHaveAccessibleDescription('1 image');

  await page.getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => disk.read('img_00038.txt')).toBeNull();
  expect(await disk.bytes('img_00038_old.txt')).toEqual(bytes);
  await expect(sidebar.getByRole('button', { name: 'Captions without an image (2)' })).toBeVisible();
  await expect(tagButton(page, 'lost_tag')).toHaveCount(0);
});
