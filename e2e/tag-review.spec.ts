import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { captionFor } from './support/dataset.ts';
import { expect, shot, test } from './support/fixtures.ts';
import { serveDataset } from './support/server.ts';
import { thumbnailPriorities } from './support/thumbs.ts';

// 40 generated images (37 captioned) + miku.png + 'größe #1.png'. "low angle" is on images i = 0-4
// and 25-29 (captionFor: floor(i / 5) % 5 == 0), so 10 have it and 32 do not.
const withLowAngle = (i: number) => captionFor(i).replace('indoors.', 'indoors, low angle.');

async function noSeriousViolations(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).include('dialog[open]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
}

/** The name of the option the review's keyboard cursor is on. */
async function cursorName(list: Locator): Promise<string | null> {
  const id = await list.getAttribute('aria-activedescendant');
  return id === null ? null : list.locator(`[id="${id}"]`).getAttribute('aria-label');
}

test('tag review: open from a chip, toggle by click and Space, undo, select several, set a group tag by key', async ({ app: page, disk }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00002.png', exact: true }).click();
  const chips = page.getByRole('region', { name: 'Caption of img_00002.png' }).getByRole('list', { name: 'Caption tags' });
  const chip = chips.getByRole('button', { name: 'low angle', exact: true });

  // The chip's context menu, by keyboard: Shift+F10 opens it, Escape closes it back onto the chip.
  await chip.focus();
  await page.keyboard.press('Shift+F10');
  const item = page.getByRole('menu', { name: 'Tag low angle' }).getByRole('menuitem', { name: 'Review tag…' });
  await expect(item).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(item).toBeHidden();
  await expect(chip).toBeFocused();
  await page.keyboard.press('Shift+F10');
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Review tag: low angle' });
  await expect(dialog).toBeVisible();
  const list = dialog.getByRole('listbox', { name: 'Images, by whether they have low angle' });
  const has = list.getByRole('group', { name: 'Has low angle: 10 images' });
  const hasNot = list.getByRole('group', { name: "Doesn't have low angle: 32 images" });
  // Groups are boxes of no size (their rows are placed from the list's top): attached, not "visible".
  await expect(has).toBeAttached();
  await expect(hasNot).toBeAttached();
  await expect(has.getByRole('option', { name: 'img_00002.png', exact: true })).toBeVisible();
  // The images take the keys at once, the cursor on the image the panel showed.
  await expect(list).toBeFocused();
  await expect.poll(() => cursorName(list)).toBe('img_00002.png');
  await expect(hasNot.getByRole('option', { name: 'img_00006.png', exact: true })).toBeVisible();
  await noSeriousViolations(page, 'tag review');

  // A click adds the tag: the file changes, the image moves to "Has", the cursor keeps its place.
  await hasNot.getByRole('option', { name: 'img_00006.png', exact: true }).click();
  await expect.poll(() => disk.read('img_00006.txt')).toBe(withLowAngle(5));
  await expect(list.getByRole('group', { name: 'Has low angle: 11 images' }).getByRole('option', { name: 'img_00006.png', exact: true })).toBeVisible();
  await expect(list).toBeFocused();
  await expect.poll(() => cursorName(list)).toBe('img_00007.png');

  // Space adds it to the image under the cursor; Ctrl+Z takes exactly that back.
  await page.keyboard.press('Space');
  await expect.poll(() => disk.read('img_00007.txt')).toBe(withLowAngle(6));
  await expect(list.getByRole('group', { name: 'Has low angle: 12 images' })).toBeAttached();
  await shot(page, 'tag-review-1280');
  await page.keyboard.press('Control+z');
  await expect.poll(() => disk.read('img_00007.txt')).toBe(captionFor(6));
  await expect(list.getByRole('group', { name: 'Has low angle: 11 images' })).toBeAttached();
  expect(await disk.read('img_00006.txt')).toBe(withLowAngle(5));

  // A selection toggles together, as one undo step: Home, Shift+→ selects img_00001 and img_00002.
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(dialog.getByRole('button', { name: 'Remove from 2 images' })).toBeVisible();
  await expect(list.getByRole('option', { selected: true })).toHaveCount(2);
  await page.keyboard.press('Space');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(captionFor(0).replace(' low angle,', ''));
  await expect.poll(() => disk.read('img_00002.txt')).toBe(captionFor(1).replace(' low angle,', ''));
  await expect(list.getByRole('group', { name: 'Has low angle: 9 images' })).toBeAttached();
  await page.keyboard.press('Control+z');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(captionFor(0));
  await expect.poll(() => disk.read('img_00002.txt')).toBe(captionFor(1));

  // The group review, picked in the review itself: keys 1-7 set one camera angle, dropping the others.
  await dialog.getByRole('combobox', { name: 'Review group' }).selectOption({ label: 'camera angle (7 tags)' });
  const group = page.getByRole('dialog', { name: 'Review group: camera angle' });
  await expect(group).toBeVisible();
  // One button per group tag, named by what it shows: its key and its tag.
  await expect(group.getByRole('button', { name: '2 high angle', exact: true })).toBeVisible();
  const groupList = group.getByRole('listbox', { name: 'Images, by which tag of the group they have' });
  await expect(groupList.getByRole('group', { name: '1 · low angle: 10 images' })).toBeAttached();
  // img_00006 now says both "high angle" and "low angle": a contradiction, shown apart.
  const several = groupList.getByRole('group', { name: 'Several of them: 1 image' });
  const six = several.getByRole('option', { name: 'img_00006.png', exact: true });
  // Far down the virtualized list: scrolled to with the wheel, as a person would.
  await groupList.hover();
  await expect(async () => {
    await page.mouse.wheel(0, 400);
    await expect(six).toBeVisible({ timeout: 300 });
  }).toPass();
  await expect(six).toHaveAccessibleDescription('low angle, high angle');
  await six.click();
  await page.keyboard.press('2');
  await expect.poll(() => disk.read('img_00006.txt')).toBe(captionFor(5));
  await expect(groupList.getByRole('group', { name: /^Several of them/ })).toHaveCount(0);
  await expect(groupList.getByRole('group', { name: '2 · high angle: 10 images' })).toBeAttached();

  // An uncaptioned image gets its caption created: End goes to the last image ("None of them").
  await page.keyboard.press('End');
  await expect.poll(() => cursorName(groupList)).toBe('img_00040.png');
  await page.keyboard.press('1');
  await expect.poll(() => disk.read('set b/img_00040.txt')).toMatch(/^low angle\r?\n?$/);
  // It left "None of them"; the cursor stays there, on the image before it (paths in natural order).
  await expect(groupList.getByRole('group', { name: 'None of them: 4 images' })).toBeAttached();
  await expect.poll(() => cursorName(groupList)).toBe('miku.png');
  await page.keyboard.press('Control+z');
  await expect.poll(() => disk.read('set b/img_00040.txt')).toBeNull();

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(groupList.getByRole('group', { name: 'None of them: 5 images' })).toBeAttached();
  await shot(page, 'tag-review-group-1920');
  await noSeriousViolations(page, 'group review');

  // Escape closes the review: the panel shows the image it showed (undo had brought others there) and
  // focus is back on its chips (the chip itself was re-rendered when its caption changed).
  await page.keyboard.press('Escape');
  await expect(group).toBeHidden();
  await expect(chips.locator('[data-chip]:focus')).toHaveCount(1);
});

test('tag review: right-click a chip, the mouse buttons act on the selection', async ({ app: page, disk }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00003.png', exact: true }).click();
  const chip = page.getByRole('region', { name: 'Caption of img_00003.png' }).getByRole('list', { name: 'Caption tags' }).getByRole('button', { name: 'kneeling', exact: true });
  await chip.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Review tag…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Review tag: kneeling' });
  // kneeling: i % 5 == 2 among the 37 captioned images.
  const list = dialog.getByRole('listbox');
  await expect(list.getByRole('group', { name: 'Has kneeling: 7 images' })).toBeAttached();
  const hasNot = list.getByRole('group', { name: "Doesn't have kneeling: 35 images" });
  await hasNot.getByRole('option', { name: 'img_00001.png', exact: true }).click({ modifiers: ['Control'] });
  await hasNot.getByRole('option', { name: 'img_00002.png', exact: true }).click({ modifiers: ['Control'] });
  // Ctrl+click only selects: nothing is written yet.
  expect(await disk.read('img_00001.txt')).toBe(captionFor(0));
  await dialog.getByRole('button', { name: 'Add to 2 images' }).click();
  await expect.poll(() => disk.read('img_00001.txt')).toBe(captionFor(0).replace('indoors.', 'indoors, kneeling.'));
  await expect.poll(() => disk.read('img_00002.txt')).toBe(captionFor(1).replace('indoors.', 'indoors, kneeling.'));
  await expect(list.getByRole('group', { name: 'Has kneeling: 9 images' })).toBeAttached();
  await expect(dialog.getByRole('status')).toContainText('Add kneeling');
  await shot(page, 'tag-review-1920');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(chip).toBeFocused();
});

test('tag review: a large dataset stays virtualized and the keys reach its far end', async ({ page }) => {
  const served = await serveDataset({ count: 1500 });
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(served.url);
    await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00001.png', exact: true }).click();
    await page.getByRole('region', { name: 'Caption of img_00001.png' }).getByRole('list', { name: 'Caption tags' }).getByRole('button', { name: 'low angle', exact: true }).focus();
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('Enter');
    const list = page.getByRole('dialog', { name: 'Review tag: low angle' }).getByRole('listbox');
    // 5 of every 25 generated images have it.
    await expect(list.getByRole('group', { name: 'Has low angle: 300 images' })).toBeAttached();
    expect(await list.getByRole('option').count()).toBeLessThan(120);
    // Tiles rendered ahead of the scroll ask for their thumbnails after the ones in view.
    await expect.poll(() => thumbnailPriorities(list, '.tr-row')).toEqual([true, true, true]);
    await page.keyboard.press('End');
    await expect.poll(() => cursorName(list)).toBe('img_01500.png');
    await page.keyboard.press('Space');
    await expect.poll(() => readFile(join(served.root, 'set b/img_01500.txt'), 'utf8')).toBe(withLowAngle(1499));
    await expect(list.getByRole('group', { name: "Doesn't have low angle: 1201 images" })).toBeAttached();
    expect(await list.getByRole('option').count()).toBeLessThan(120);
  } finally {
    await served.stop();
  }
});
