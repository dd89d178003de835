import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { captionFor } from './support/dataset.ts';
import { expect, shot, test } from './support/fixtures.ts';

const serious = async (page: Page) =>
  (await new AxeBuilder({ page }).include('[aria-label="Trainer check"]').analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

test('trainer check: the exact text kohya trains, its buckets, and a one-click journaled fix for what stops it', async ({ app: page, disk }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // What a trainer trips on and Tagsmith's own editor hides: a 0-byte caption and a BOM.
  await disk.write('img_00002.txt', '');
  await disk.write('img_00003.txt', `\uFEFF${captionFor(2)}`);
  // Clicks on the path from "something stops the trainer" to "fixed"; looking around is not counted.
  let clicks = 0;
  const click = async (locator: Locator) => {
    clicks++;
    await locator.click();
  };

  await click(page.getByRole('button', { name: 'Trainer check' }));
  const panel = page.getByRole('complementary', { name: 'Trainer check' });
  await expect(panel.getByRole('status').first()).toHaveText('1 blocker: kohya sd-scripts would stop');
  await expect(panel).toContainText(/kohya sd-scripts \(captions \.txt\) loads 42 images/);
  const blockers = panel.getByRole('region', { name: 'Blockers: training stops' });
  await expect(blockers).toContainText('empty');

  // A finding shows its images in the grid with one click.
  await blockers.getByRole('button', { name: /empty/ }).first().click();
  await expect(page.getByRole('banner')).toContainText('1 shown');
  await expect(page.getByRole('listbox', { name: 'Images' }).getByRole('option')).toHaveCount(1);
  await blockers.getByRole('button', { name: /empty/ }).first().click();
  await expect(page.getByRole('banner')).toContainText('42 shown');

  // The BOM image: the exact text kohya encodes, with the BOM made visible.
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00003.png', exact: true }).click();
  const reads = panel.getByRole('region', { name: 'What the trainer reads' });
  await expect(reads).toContainText('What kohya sd-scripts reads for img_00003.png');
  await expect(reads.getByLabel('Trained text')).toHaveText(`⟨BOM⟩${captionFor(2).trimEnd()}`);

  // Buckets as bars; the e2e images are 96x64..96x96, far below 1024: the upscale warning says so.
  const buckets = panel.getByRole('region', { name: 'Aspect-ratio buckets' });
  await expect(buckets.getByRole('button')).not.toHaveCount(0);
  await expect(panel.getByRole('region', { name: 'Warnings' })).toContainText(/upscale|smaller/i);
  // Sizes and shapes as small histograms: the e2e images are 96×64, 96×80 and 96×96.
  const sizes = panel.getByRole('region', { name: 'Image sizes' });
  await expect(sizes).toContainText('96–96 × 64–96 px');
  await expect(sizes.getByRole('list', { name: 'Aspect ratio' }).getByRole('listitem', { name: /^1:1: \d+$/ })).toBeVisible();
  expect(await serious(page)).toEqual([]);
  // Styled on its own (it shares the lint panel's styles, whose chunk has not loaded here): padded,
  // and a finding reads as a link-like line, not a raw browser button.
  // Page-side code as text: this file is type-checked without DOM types.
  const style = (selector: string, property: string) => page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`);
  expect(await style('.tc-panel', 'paddingLeft')).toBe('12px');
  expect(await style('.tc-panel .finding-show', 'borderTopStyle')).toBe('none');
  await shot(page, 'trainer-check-1280');

  // One click fixes the blocker, as one journal entry; the panel checks again by itself.
  await click(blockers.getByRole('button', { name: /Fix: remove 0-byte caption files/ }));
  await expect.poll(() => disk.read('img_00002.txt')).toBeNull();
  await expect(panel.getByRole('status').first()).toHaveText(/^Ready to train/);
  // From a closed panel to a fixed blocker: two clicks (open the check, click the fix).
  expect(clicks).toBe(2);
  await page.setViewportSize({ width: 2560, height: 1440 });
  await shot(page, 'trainer-check-2560');

  // Undo brings the file back and the blocker with it.
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => disk.read('img_00002.txt')).toBe('');
  await expect(panel.getByRole('status').first()).toHaveText('1 blocker: kohya sd-scripts would stop');

  // Another trainer reads the same folder differently: OneTrainer reads every non-empty line.
  await panel.getByRole('combobox', { name: 'Trainer' }).selectOption('onetrainer');
  await expect(panel).toContainText(/OneTrainer \(captions \.txt\) loads/);

  // What only OneTrainer's listing finds: a hidden image (which the editor does not show) and a
  // caption that is not UTF-8, on which mgds raises and training stops.
  await disk.write('.copy.png', await disk.bytes('img_00001.png'));
  await disk.write('img_00004.txt', Uint8Array.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1
  await panel.getByRole('button', { name: 'Re-run' }).click();
  await expect(panel.getByRole('status').first()).toHaveText('1 blocker: OneTrainer would stop');
  await expect(panel.getByRole('region', { name: 'Blockers: training stops' })).toContainText('OneTrainer stops: the caption file is not UTF-8');
  const hidden = panel.getByRole('region', { name: 'Warnings' }).getByRole('button', { name: /hidden \(the name starts with a dot\): Tagsmith does not show it, but OneTrainer trains it/ });
  // Its image is not in the grid: nothing to show there, so the button says which in its title.
  await expect(hidden).toBeDisabled();
  await expect(hidden).toHaveAttribute('title', /\.copy\.png/);
  expect(await serious(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, 'trainer-check-onetrainer-1280');

  // How the trainer is pointed at the folder: kohya run with --train_data_dir reads only
  // <repeats>_<class> subfolders, and this folder has none: nothing to train on, which stops it.
  await panel.getByRole('combobox', { name: 'Trainer' }).selectOption('kohya');
  await panel.getByRole('combobox', { name: 'Reads' }).selectOption({ label: '--train_data_dir' });
  await expect(panel.getByRole('status').first()).toHaveText('1 blocker: kohya sd-scripts would stop');
  await expect(panel.getByRole('region', { name: 'Blockers: training stops' })).toContainText('kohya sd-scripts stops: "No data found"');
  await expect(panel).toContainText(/loads 0 images: 0 with a caption, 0 uncaptioned; 42 skipped/); // kohya's glob skips the hidden one
  await shot(page, 'trainer-check-train-data-dir-1280');
  // ai-toolkit always walks the whole folder: no choice to make, and the layout goes back to the configs'.
  await panel.getByRole('combobox', { name: 'Trainer' }).selectOption('ai-toolkit');
  await expect(panel.getByRole('combobox', { name: 'Reads' })).toHaveCount(0);
  await panel.getByRole('combobox', { name: 'Trainer' }).selectOption('kohya');
  await expect(panel.getByRole('combobox', { name: 'Reads' })).toHaveValue('configs');
});
