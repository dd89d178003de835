import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { captionFor } from './support/dataset.ts';
import { expect, shot, test } from './support/fixtures.ts';
import { thumbnailPriorities } from './support/thumbs.ts';

// A caption as long as real LLM captions get: trigger word, tags, then three long sentences.
const LONG =
  'ohwx, 1girl, solo, long hair, red dress, kneeling, low angle, indoors, wooden floor, window, sunlight, looking at viewer, ' +
  'smile, hands on lap, bare shoulders. She kneels on a polished wooden floor beside a tall window, her red dress spread ' +
  'around her knees. Warm afternoon light falls from the left across her face and shoulders. Behind her, thin white ' +
  'curtains move in a draught and a potted fern stands on the sill, its leaves casting soft shadows.';

const images = (page: Page) => page.getByRole('listbox', { name: 'Images' });
const option = (page: Page, name: string) => images(page).getByRole('option', { name, exact: true });

/** The caption text of a card or row shows everything: nothing scrolled away, cut, ellipsised or outside its option. */
async function expectUnclipped(caption: Locator, container: Locator): Promise<void> {
  const [inner, outer] = [await caption.boundingBox(), await container.boundingBox()];
  expect(inner!.y + inner!.height).toBeLessThanOrEqual(outer!.y + outer!.height + 1);
  const box = await caption.evaluate((el) => ({ sh: el.scrollHeight, ch: el.clientHeight, sw: el.scrollWidth, cw: el.clientWidth }));
  expect(box.sh).toBeLessThanOrEqual(box.ch + 1);
  expect(box.sw).toBeLessThanOrEqual(box.cw + 1);
  await expect(caption).not.toHaveCSS('text-overflow', 'ellipsis');
  await expect(caption).toHaveCSS('-webkit-line-clamp', 'none');
  await expect(caption).not.toHaveCSS('white-space', 'nowrap');
}

/** No two rendered options (cards or rows) overlap: measured heights, not estimates, place them. */
async function expectNoOverlap(page: Page): Promise<void> {
  const boxes = await images(page)
    .getByRole('option')
    .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right })));
  expect(boxes.length).toBeGreaterThan(1);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
      expect(overlap, `options ${i} and ${j} overlap`).toBe(false);
    }
  }
}

/** Screenshots wait for the thumbnails in view (they are made on first request, then lazy-loaded). */
async function thumbnailsShown(page: Page): Promise<void> {
  await expect
    .poll(() =>
      images(page)
        .locator('img')
        .evaluateAll((imgs) => {
          const inView = imgs.filter((img) => {
            const r = img.getBoundingClientRect();
            return r.bottom > 0 && r.top < img.ownerDocument.documentElement.clientHeight;
          });
          // (no DOM lib in the e2e tsconfig: the image fields are typed here)
          const loaded = (img: unknown) => (img as { complete: boolean; naturalWidth: number }).complete && (img as { naturalWidth: number }).naturalWidth > 0;
          return inView.length > 0 && inView.every(loaded);
        }),
    )
    .toBe(true);
}

test('the list view shows whole captions beside thumbnails; the choice survives a reload', async ({ app: page, disk, served, api }) => {
  expect(LONG.length).toBeGreaterThanOrEqual(400);
  // Trigger words are dataset settings: set as another window would, they arrive live.
  await api.call('settings.update', { patch: { triggerWords: ['ohwx'] } });
  // Replaced, not written in place: this spec is about showing captions, not about how the watcher
  // settles an in-place write (the watch tests cover that).
  await disk.replace('img_00002.txt', `${LONG}\nsecond line is not read by trainers\n`);

  const listButton = page.getByRole('button', { name: 'List view' });
  const gridButton = page.getByRole('button', { name: 'Grid view' });
  await expect(gridButton).toHaveAttribute('aria-pressed', 'true');
  await listButton.click();
  await expect(listButton).toHaveAttribute('aria-pressed', 'true');
  await expect(gridButton).toHaveAttribute('aria-pressed', 'false');
  await expect(images(page)).toHaveAttribute('aria-multiselectable', 'true');
  await expect(images(page)).toHaveAttribute('data-keyscope', 'grid');
  // Rows rendered ahead of the scroll ask for their thumbnails after the ones in view.
  await expect.poll(() => thumbnailPriorities(images(page), '[data-index]')).toEqual([true, true, true]);

  // The whole line 1, exactly, wrapped and never clipped; line 2 is not shown.
  const row = option(page, 'img_00002.png');
  const caption = row.locator('.caption-text');
  await expect(caption).toHaveText(LONG);
  await expect(row).not.toContainText('second line');
  await expectUnclipped(caption, row);
  // Trigger words, tags and sentences are styled apart.
  await expect(row.locator('.cap-trigger')).toHaveText('ohwx');
  await expect(row.locator('.cap-tag').first()).toHaveText('1girl');
  await expect(row.locator('.cap-prose')).toHaveText(/^She kneels on a polished wooden floor.*soft shadows\.$/);
  // Other rows keep their own (shorter) captions; rows are as tall as their caption.
  await expect(option(page, 'img_00001.png').locator('.caption-text')).toHaveText(captionFor(0).trim());
  const rowHeight = async (name: string) => (await option(page, name).boundingBox())!.height;
  expect(await rowHeight('img_00002.png')).toBeGreaterThan((await rowHeight('img_00001.png')) + 30);
  await expectNoOverlap(page);
  await thumbnailsShown(page);
  await shot(page, 'list-view');

  // A caption changing length re-measures its row: the rows below follow, nothing overlaps.
  await disk.replace('img_00002.txt', 'ohwx, 1girl, short now\n');
  await expect(caption).toHaveText('ohwx, 1girl, short now');
  await expect.poll(() => rowHeight('img_00002.png')).toBeLessThan((await rowHeight('img_00001.png')) + 2);
  const [a, b] = [await row.boundingBox(), await option(page, 'img_00003.png').boundingBox()];
  expect(Math.abs(b!.y - (a!.y + a!.height))).toBeLessThanOrEqual(1);
  await expectNoOverlap(page);

  // Rows carry the grid cards' badges; the filter narrows the list as it does the grid.
  const filter = page.getByRole('searchbox', { name: 'Filter' });
  await filter.fill('missing:caption');
  await expect(images(page).getByRole('option')).toHaveCount(3);
  await expect(images(page).getByRole('option').first().locator('.badge-uncaptioned')).toHaveText('No caption');
  await filter.fill('');
  await expect(images(page).getByRole('option', { name: 'img_00002.png', exact: true })).toBeVisible();

  // Back to the grid and to the list again; the preference is saved per user and read at start.
  await gridButton.click();
  await expect(gridButton).toHaveAttribute('aria-pressed', 'true');
  await expect(option(page, 'img_00002.png').locator('.grid-caption')).toBeVisible();
  await listButton.click();
  const savedViewMode = async () => JSON.parse(await readFile(join(served.configDir, 'config.json'), 'utf8').catch(() => '{}')).editor?.viewMode;
  await expect.poll(savedViewMode).toBe('list');
  await page.reload();
  await expect(page.getByRole('button', { name: 'List view' })).toHaveAttribute('aria-pressed', 'true');
  await expect(option(page, 'img_00002.png').locator('.caption-text')).toHaveText('ohwx, 1girl, short now');
});

test('"Full captions" wraps the whole caption under each grid card; rows grow to the tallest card', async ({ app: page, disk, api }) => {
  await api.call('settings.update', { patch: { triggerWords: ['ohwx'] } });
  await disk.replace('img_00002.txt', `${LONG}\n`);
  const card = option(page, 'img_00002.png');
  // One truncated line by default.
  await expect(card.locator('.grid-caption')).toHaveCSS('text-overflow', 'ellipsis');

  const full = page.getByRole('checkbox', { name: 'Full captions' });
  await expect(full).not.toBeChecked();
  await full.check();
  const caption = card.locator('.caption-text');
  await expect(caption).toHaveText(LONG);
  await expectUnclipped(caption, card);
  await expect(option(page, 'img_00001.png').locator('.caption-text')).toHaveText(captionFor(0).trim());
  await expectNoOverlap(page);
  await thumbnailsShown(page);
  await shot(page, 'grid-full-captions');

  // The list has no such option (it always shows whole captions); the grid remembers it.
  await page.getByRole('button', { name: 'List view' }).click();
  await expect(full).toBeHidden();
  await page.getByRole('button', { name: 'Grid view' }).click();
  await expect(page.getByRole('checkbox', { name: 'Full captions' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'Full captions' }).uncheck();
  await expect(card.locator('.grid-caption')).toBeVisible();
  await expectNoOverlap(page);
});

test('the keyboard works in the list as in the grid: arrows, Enter to "Add tag", Escape back, PageDown, R', async ({ app: page }) => {
  await page.getByRole('button', { name: 'List view' }).click();
  const list = images(page);
  await option(page, 'img_00001.png').click();
  await expect(page.getByRole('region', { name: 'Caption of img_00001.png' })).toBeVisible();
  await expect(list).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('region', { name: 'Caption of img_00002.png' })).toBeVisible();
  await expect(option(page, 'img_00002.png')).toHaveAttribute('aria-selected', 'true');
  const cursor = await option(page, 'img_00002.png').getAttribute('id');
  await expect(list).toHaveAttribute('aria-activedescendant', cursor!);
  // Left and right have nowhere to go in a list.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('region', { name: 'Caption of img_00002.png' })).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('region', { name: 'Caption of img_00001.png' })).toBeVisible();
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByRole('banner')).toContainText('2 selected');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('banner')).toContainText('0 selected');

  // Enter moves to "Add tag"; Escape there brings the keyboard back to the list (a focus request).
  await page.keyboard.press('Enter');
  const addTag = page.getByRole('combobox', { name: 'Add tag' });
  await expect(addTag).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();

  // Plain PageDown is the global "next image"; Ctrl+PageDown is a screen down the list.
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('region', { name: 'Caption of img_00003.png' })).toBeVisible();
  await page.keyboard.press('Control+PageDown');
  await expect(page.getByRole('region', { name: 'Caption of img_00003.png' })).toBeHidden();
  await expect(page.getByRole('region', { name: /^Caption of / })).toBeVisible();
  const cursorIndex = async () => Number((await list.getAttribute('aria-activedescendant'))?.replace('list-opt-', ''));
  await expect.poll(cursorIndex).toBeGreaterThan(5); // a screen of ~100 px rows, not one row
  await page.keyboard.press('End');
  await expect(list).toHaveAttribute('aria-activedescendant', 'list-opt-41');
  await page.keyboard.press('Home');
  await expect(list).toHaveAttribute('aria-activedescendant', 'list-opt-0');

  // R marks the image reviewed: a quiet badge on its row.
  const first = list.getByRole('option').first();
  await page.keyboard.press('r');
  await expect(first.getByText('Reviewed', { exact: true })).toBeVisible();

  await page.setViewportSize({ width: 1280, height: 720 });
  await expectNoOverlap(page);
  await thumbnailsShown(page);
  await shot(page, 'list-view-1280');
});
