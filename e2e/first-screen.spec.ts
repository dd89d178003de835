import type { Request } from '@playwright/test';
import { captionFor } from './support/dataset.ts';
import { expect, test } from './support/fixtures.ts';

// The first screen evaluates and fetches only what it shows: the dialogs' code waits until it is
// done (then arrives before anyone opens one), and the grid's thumbnails are asked for at once.
test('the first screen fetches no dialog code and asks for its thumbnails without lazy loading', async ({ page, served }) => {
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  // The page's CSP (no eval) must never have to refuse anything, zod's probe for `new Function` included.
  await page.addInitScript({
    content: "window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile));",
  });
  await page.goto(served.url);
  const grid = page.getByRole('listbox', { name: 'Images' });
  await expect(grid.getByRole('option', { name: 'img_00001.png', exact: true })).toContainText(captionFor(0).split(', ')[3]!);
  const dialogChunks = () => requests.filter((r) => /\/assets\/(AutoCaptionDialog|ExportDialog|QuickTagsDialog|TagReview)-[^/]*\.js$/.test(r.url())).length;
  expect(dialogChunks()).toBe(0);
  await expect.poll(dialogChunks, { timeout: 15_000 }).toBe(4);
  // The grid is virtualized: lazy loading would only hold requests back until a layout pass.
  await expect(grid.locator('img').first()).not.toHaveAttribute('loading', 'lazy');
  await expect.poll(() => grid.locator('img').evaluateAll((imgs) => imgs.filter((im) => (im as unknown as { naturalWidth: number }).naturalWidth > 0).length)).toBeGreaterThan(0);
  expect(await page.evaluate('window.cspViolations')).toEqual([]);
  // A dialog opened after that shows at once.
  await page.getByRole('button', { name: /Export/ }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
});

// The tag list fills in after the grid (its captions are parsed in the background): until then it
// says the tags are being counted, never that there are none.
test('the tag sidebar says "Counting tags…" until its counts are in, never "No tags yet." for a tagged dataset', async ({ page, served }) => {
  await page.addInitScript({
    content: `window.sidebarTexts = new Set();
      new MutationObserver(() => {
        for (const p of document.querySelectorAll('.sidebar-empty')) window.sidebarTexts.add(p.textContent);
      }).observe(document, { subtree: true, childList: true, characterData: true });`,
  });
  // A snapshot that comes after the page's first render, as a large dataset's does.
  await page.route('**/api/dataset.snapshot', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  await page.goto(served.url);
  const tags = page.getByRole('group', { name: 'Tags by count' });
  await expect(tags.getByRole('button', { name: /1girl/ }).first()).toBeVisible();
  const seen = (await page.evaluate('[...window.sidebarTexts]')) as string[];
  expect(seen).not.toContain('No tags yet.');
  expect(seen).toContain('Counting tags…');
});
