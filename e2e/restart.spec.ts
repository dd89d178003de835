import { AxeBuilder } from '@axe-core/playwright';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeDataset } from './support/dataset.ts';
import { serveFolder, type Served } from './support/server.ts';

// `tagsmith serve` keeps its port across restarts (8247 by default), but every launch has a new access
// token: a page left open finds the server again and is refused. It must say so, keep what was typed,
// and save it by itself once this browser has the new address.

/** A port free right now, so that a restart can take the same one (as serve's default port does). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function folder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-restart-'));
  await makeDataset(root, { count: 12 });
  return root;
}

const read = (root: string, rel: string) => readFile(join(root, rel), 'utf8');

async function addTagExactly(page: Page, tag: string): Promise<void> {
  const input = page.getByRole('region', { name: 'Caption of img_00001.png' }).getByRole('combobox', { name: 'Add tag' });
  await input.fill(tag);
  await input.press('Shift+Enter');
}

test('a restarted server: the page says its access is refused, keeps the edit, and saves it once the new address is opened', async ({ page }) => {
  const root = await folder();
  const configDir = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-config-'));
  const port = await freePort();
  let served: Served = await serveFolder(root, { configDir, keep: true, port });
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(served.url);
    await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00001.png', exact: true }).click();
    const before = await read(root, 'img_00001.txt');
    const status = page.getByRole('contentinfo');

    await served.stop();
    await expect(status.getByRole('status').filter({ hasText: 'Reconnecting…' })).toBeVisible();

    served = await serveFolder(root, { configDir, keep: true, port });
    const refused = status.getByRole('status').filter({ hasText: 'Access refused: open the new address' });
    // Found at the socket's next attempt (its back-off is at most 5 s).
    await expect(refused).toBeVisible({ timeout: 15_000 });
    await expect(status.getByText('Reconnecting…')).toHaveCount(0);

    // An edit made meanwhile is kept on screen, said to be unsaved, and not written.
    await addTagExactly(page, 'kneeling');
    await expect(status.getByText('Some changes could not be saved')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Caption of img_00001.png' }).getByText(/`tagsmith serve` has a new access token/)).toBeVisible();
    expect(await read(root, 'img_00001.txt')).toBe(before);

    // Leaving the page now asks first (the browser's own prompt); staying keeps the edit.
    const asked = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const prompt = await asked;
    expect(prompt.type()).toBe('beforeunload');
    await prompt.dismiss();
    expect(page.isClosed()).toBe(false);

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('refused-1280.png') });

    // The new address, opened in another tab of this browser, renews the token for this page too: it
    // reconnects and saves the edit without a click.
    const other = await page.context().newPage();
    await other.goto(served.url);
    await expect(refused).toHaveCount(0, { timeout: 15_000 });
    await expect(status.getByText('All changes saved')).toBeVisible();
    await expect.poll(() => read(root, 'img_00001.txt')).toContain('kneeling');
    expect(await read(root, 'img_00001.txt')).toBe(before.replace('. She', ', kneeling. She'));
    await other.close();
    // Everything saved: the page closes without asking.
    let prompted = false;
    page.on('dialog', (d) => {
      prompted = true;
      void d.accept();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => page.isClosed()).toBe(true);
    expect(prompted).toBe(false);
  } finally {
    await served.stop();
    await rm(root, { recursive: true, force: true });
    await rm(configDir, { recursive: true, force: true });
  }
});

test('a page that finds another folder served on its port keeps its pending edit aside, and saves it when its folder is back', async ({ page }) => {
  const first = await folder();
  // The same file names and captions: only the folder tells them apart.
  const second = await folder();
  const configDir = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-config-'));
  const port = await freePort();
  let served: Served = await serveFolder(first, { configDir, keep: true, port });
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(served.url);
    await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00001.png', exact: true }).click();
    const before = await read(first, 'img_00001.txt');
    const status = page.getByRole('contentinfo');
    await served.stop();
    await expect(status.getByText('Reconnecting…')).toBeVisible();
    await addTagExactly(page, 'kneeling');
    await expect(status.getByText('Some changes could not be saved')).toBeVisible();

    served = await serveFolder(second, { configDir, keep: true, port });
    const other = await page.context().newPage();
    await other.goto(served.url);
    await expect(status.getByText('Reconnecting…')).toHaveCount(0, { timeout: 15_000 });
    // The page shows the other folder now, its own captions: the edit is not shown over its image.
    await expect(status.getByText(basename(second), { exact: true })).toBeVisible();
    const caption = page.getByRole('region', { name: 'Caption of img_00001.png' });
    await expect(caption.getByRole('button', { name: /^Remove kneeling/ })).toHaveCount(0);
    await expect(caption.getByText('Added kneeling')).toHaveCount(0);
    await expect(status.getByText('All changes saved')).toBeVisible();
    // Neither folder got the edit: it waits, named, in the status bar.
    const kept = status.getByRole('button', { name: `1 unsaved edit for ${basename(first)}` });
    await expect(kept).toBeVisible();
    await page.waitForTimeout(1500);
    expect(await read(second, 'img_00001.txt')).toBe(before);
    expect(await read(first, 'img_00001.txt')).toBe(before);

    // Its text can be read and copied; keeping it closes the dialog.
    await kept.click();
    const dialog = page.getByRole('dialog', { name: `Unsaved edits for ${basename(first)}` });
    await expect(dialog.getByRole('textbox', { name: 'Image, then the caption it was to get' })).toHaveValue(
      `img_00001.png\n${before.replace('. She', ', kneeling. She')}`,
    );
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('stranded-1280.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: test.info().outputPath('stranded-1920.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    // Discarding asks first: the edits were never written anywhere.
    await dialog.getByRole('button', { name: 'Discard these edits' }).click();
    await expect(dialog.getByRole('button', { name: 'Discard for good' })).toBeVisible();
    await expect(dialog.getByText('Discarded edits cannot be brought back')).toBeVisible();
    await dialog.getByRole('button', { name: 'Keep them' }).click();
    await expect(dialog).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('stranded-bar-1280.png') });

    // Leaving would lose it: the page asks.
    const asked = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    await (await asked).dismiss();
    expect(page.isClosed()).toBe(false);

    // Its folder served again: the page shows it, and saves the edit there, byte for byte.
    await other.close();
    await served.stop();
    served = await serveFolder(first, { configDir, keep: true, port });
    const again = await page.context().newPage();
    await again.goto(served.url);
    await expect(status.getByText(basename(first), { exact: true })).toBeVisible({ timeout: 15_000 });
    await expect.poll(() => read(first, 'img_00001.txt')).toBe(before.replace('. She', ', kneeling. She'));
    await expect(kept).toHaveCount(0);
    await expect(status.getByText('All changes saved')).toBeVisible();
    expect(await read(second, 'img_00001.txt')).toBe(before);
    await again.close();
  } finally {
    await served.stop();
    for (const dir of [first, second, configDir]) await rm(dir, { recursive: true, force: true });
  }
});
