import { AxeBuilder } from '@axe-core/playwright';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { makeDataset } from './support/dataset.ts';
import { expect, shot, test } from './support/fixtures.ts';
import { serveFolder } from './support/server.ts';

/** 30 tags and three sentences: a long caption on a tall image, the hard case for the panel. */
const LONG_TAGS = Array.from({ length: 30 }, (_, i) => `tag number ${i + 1}`).join(', ');
const PORTRAIT_CAPTION = `${LONG_TAGS}. She stands by the window. Light falls from the left. The floor is wooden.\n`;

async function datasetWithPortrait(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-layout-'));
  await makeDataset(root, { count: 20 });
  await writeFile(join(root, 'portrait.png'), await sharp({ create: { width: 600, height: 1200, channels: 3, background: '#7a5cd6' } }).png().toBuffer());
  await writeFile(join(root, 'portrait.txt'), PORTRAIT_CAPTION);
  return root;
}

const inViewport = async (page: Page, box: { x: number; y: number; width: number; height: number } | null) => {
  const size = page.viewportSize()!;
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
  expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
};

async function openPortrait(page: Page) {
  await page.getByRole('searchbox', { name: 'Filter' }).fill('file:portrait.png');
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'portrait.png', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Caption of portrait.png' });
  await expect(panel.getByRole('list', { name: 'Caption tags' }).getByRole('button', { name: 'tag number 30', exact: true })).toBeAttached();
  return panel;
}

test('at 1280x720 a portrait image with 30 tags leaves "Add tag" and its suggestions fully in view', async ({ page }) => {
  const root = await datasetWithPortrait();
  const served = await serveFolder(root);
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(served.url);
    const panel = await openPortrait(page);
    await expect(panel.getByRole('img', { name: 'Preview of portrait.png' })).toBeVisible();
    const input = panel.getByRole('combobox', { name: 'Add tag' });
    await inViewport(page, await input.boundingBox());
    await inViewport(page, await panel.getByRole('textbox', { name: 'Sentences' }).boundingBox());
    // Many suggestions: the list opens where all of it shows (above the box when below is short).
    await input.fill('t');
    const list = page.getByRole('listbox', { name: 'Tag suggestions' });
    await expect(list.getByRole('option').first()).toBeVisible();
    await inViewport(page, await list.boundingBox());
    const status = await page.getByRole('contentinfo').boundingBox();
    const listBox = await list.boundingBox();
    expect(listBox!.y + listBox!.height <= status!.y || listBox!.y >= status!.y + status!.height).toBe(true);
    await shot(page, 'detail-1280-portrait');
    // The panel starts at the top for every image, whatever the last one was scrolled to.
    await input.fill('');
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox', { name: 'Filter' }).fill('');
    await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00001.png', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Caption of img_00001.png' }).getByRole('heading', { name: /img_00001\.png/ })).toBeInViewport();
  } finally {
    await served.stop();
  }
});

test('the wheel scrolls the preview and Ctrl+wheel zooms it', async ({ page }) => {
  const root = await datasetWithPortrait();
  const served = await serveFolder(root);
  try {
    await page.goto(served.url);
    const panel = await openPortrait(page);
    const level = panel.locator('.ts-zoom-level');
    await expect(level).toContainText('600×1200');
    const before = await level.textContent();
    const preview = panel.getByRole('img', { name: 'Preview of portrait.png' });
    await preview.hover();
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(200);
    expect(await level.textContent()).toBe(before);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await expect(level).not.toHaveText(before!);
  } finally {
    await served.stop();
  }
});

test('how many grid cards the window holds is remembered: the next open makes that many thumbnails first', async ({ page }) => {
  const root = await datasetWithPortrait();
  const configDir = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-prefs-'));
  const served = await serveFolder(root, { configDir, keep: true });
  const inView = async (): Promise<number | undefined> => JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8').catch(() => '{}')).editor?.gridInView;
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(served.url);
    await expect(page.getByRole('listbox', { name: 'Images' }).getByRole('option').first()).toBeVisible();
    await expect.poll(inView).toBeGreaterThan(0);
    const small = (await inView())!;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(inView).toBeGreaterThan(small);
  } finally {
    await served.stop();
    await rm(root, { recursive: true, force: true });
    await rm(configDir, { recursive: true, force: true });
  }
});

test('pane sizes, hidden preview, thumbnail size and pinned quick tags survive a restart', async ({ page }) => {
  const root = await datasetWithPortrait();
  const configDir = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-prefs-'));
  let served = await serveFolder(root, { configDir, keep: true });
  try {
    await page.goto(served.url);
    await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00001.png', exact: true }).click();
    const details = page.getByRole('complementary', { name: 'Image details' });
    const start = (await details.boundingBox())!.width;
    // Keyboard-resizable: the handle between the images and the caption panel.
    await page.getByRole('separator', { name: 'Resize the caption panel' }).focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await details.boundingBox())!.width).toBeGreaterThan(start + 40);
    const widened = (await details.boundingBox())!.width;
    await details.getByRole('button', { name: 'Hide preview' }).click();
    await expect(details.getByRole('img', { name: /Preview of/ })).toHaveCount(0);
    await page.getByRole('slider', { name: 'Thumbnail size' }).focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('slider', { name: 'Thumbnail size' })).toHaveValue('200');
    await details.getByRole('group', { name: 'Quick tags' }).getByRole('button', { name: /Pin/ }).click();
    await page.getByRole('dialog', { name: 'Quick tags' }).getByRole('textbox', { name: 'Pinned quick tags' }).fill('low angle, kneeling');
    await page.getByRole('dialog', { name: 'Quick tags' }).getByRole('button', { name: 'Pin', exact: true }).click();
    // The dialog closes once the server has saved the pins: stopping it before then could drop the request.
    await expect(page.getByRole('dialog', { name: 'Quick tags' })).toHaveCount(0);
    await expect(details.getByRole('group', { name: 'Quick tags' }).getByRole('button')).toHaveText([/1\s*low angle/, /2\s*kneeling/, /Edit/]);
    // Saved in the per-user file (a short pause coalesces a burst of changes).
    await expect.poll(async () => JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8').catch(() => '{}')).editor?.thumbSize).toBe(200);
    await served.stop();

    // A new server (web mode picks a new port, hence a new origin: no browser storage carries over).
    served = await serveFolder(root, { configDir, keep: true });
    await page.goto(served.url);
    await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00001.png', exact: true }).click();
    await expect(page.getByRole('slider', { name: 'Thumbnail size' })).toHaveValue('200');
    await expect(details.getByRole('button', { name: 'Hide preview' })).toHaveAttribute('aria-pressed', 'true');
    await expect(details.getByRole('img', { name: /Preview of/ })).toHaveCount(0);
    expect(Math.abs((await details.boundingBox())!.width - widened)).toBeLessThanOrEqual(2);
    await expect(details.getByRole('group', { name: 'Quick tags' }).getByRole('button')).toHaveText([/1\s*low angle/, /2\s*kneeling/, /Edit/]);
  } finally {
    await served.stop();
    await rm(root, { recursive: true, force: true });
    await rm(configDir, { recursive: true, force: true });
  }
});

test('review progress: R marks images reviewed, the counter and is:reviewed follow, and the marks are kept', async ({ app: page, served }) => {
  const grid = page.getByRole('listbox', { name: 'Images' });
  await grid.getByRole('option', { name: 'img_00001.png', exact: true }).click();
  const counter = page.getByRole('contentinfo').getByRole('button', { name: /Reviewed \d+ of 42/ });
  await expect(counter).toHaveText(/Reviewed 0 of 42/);
  await grid.focus();
  await page.keyboard.press('r');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('r');
  await expect(counter).toHaveText(/Reviewed 2 of 42/);
  await expect(grid.getByRole('option', { name: 'img_00001.png', exact: true })).toContainText('Reviewed');
  await expect(page.getByRole('region', { name: 'Caption of img_00002.png' }).getByRole('button', { name: /Reviewed/ })).toHaveAttribute('aria-pressed', 'true');
  // R again takes the mark back.
  await page.keyboard.press('r');
  await expect(counter).toHaveText(/Reviewed 1 of 42/);
  // The counter shows what is left; the filter language says the same.
  await counter.click();
  await expect(page.getByTestId('counts')).toHaveText(/^41 shown/);
  await page.getByRole('searchbox', { name: 'Filter' }).fill('is:reviewed');
  await expect(page.getByTestId('counts')).toHaveText(/^1 shown/);
  // The marks show at once; the file follows as each request lands.
  const saved = () => readFile(join(served.root, '.tagsmith', 'review.json'), 'utf8').then((t) => (JSON.parse(t) as { reviewed: string[] }).reviewed, () => null);
  await expect.poll(saved).toEqual(['img_00001.png']);
  // A new page (a restart, another window) starts from the marks on disk.
  await page.reload();
  await expect(page.getByRole('contentinfo').getByRole('button', { name: /Reviewed 1 of 42/ })).toBeVisible();
});

test('no serious accessibility violations in the editor, its dialogs and the list view', async ({ app: page }) => {
  const check = async (what: string) => {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
  };
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00001.png', exact: true }).click();
  await check('grid and caption panel');
  await page.getByRole('combobox', { name: 'Add tag' }).fill('s');
  await check('suggestions open');
  await page.getByRole('combobox', { name: 'Add tag' }).fill('');
  await page.getByRole('listbox', { name: 'Images' }).focus();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await check('keyboard help');
  await shot(page, 'keyboard-help');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'List view' }).click();
  await check('list view');
  await page.getByRole('button', { name: 'Lint' }).click();
  await expect(page.getByRole('complementary', { name: 'Caption lint' })).toBeVisible();
  await check('lint panel docked');
  await page.keyboard.press('Control+a');
  await check('multi-selection');
});

test('at 1280x720 a docked panel (batch, lint, trainer check) leaves the grid two columns to pick images from', async ({ app: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const grid = page.getByRole('listbox', { name: 'Images' });
  /** Cards in the grid's first row. */
  const columns = async (): Promise<number> => {
    const tops: number[] = [];
    for (const card of (await grid.getByRole('option').all()).slice(0, 4)) tops.push((await card.boundingBox())?.y ?? -1);
    return tops.filter((y) => Math.abs(y - tops[0]!) < 2).length;
  };
  await expect.poll(columns).toBeGreaterThanOrEqual(3);
  const panels = [
    { open: 'Batch…', panel: page.getByRole('region', { name: 'Batch edit' }), close: 'Close' },
    { open: 'Lint', panel: page.getByRole('complementary', { name: 'Caption lint' }), close: 'Close lint panel' },
    { open: 'Trainer check', panel: page.getByRole('complementary', { name: 'Trainer check' }), close: 'Close trainer check' },
  ];
  for (const { open, panel, close } of panels) {
    await page.getByRole('banner').getByRole('button', { name: open, exact: true }).click();
    await expect(panel).toBeVisible();
    await expect.poll(columns, { message: `grid columns with ${open} open` }).toBeGreaterThanOrEqual(2);
    await shot(page, `docked-${open.replace('…', '').replace(' ', '-').toLowerCase()}-1280`);
    await panel.getByRole('button', { name: close, exact: true }).click();
    await expect(panel).toHaveCount(0);
  }
});
