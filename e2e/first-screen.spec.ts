import type { Request } from '@playwright/test';
import { captionFor } from './support/dataset.ts';
import { expect, test } from './support/fixtures.ts';
import { thumbnailPriorities } from './support/thumbs.ts';

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

// A plain-HTTP page has six connections to its server. The start's code comes in three scripts, so the
// snapshot is not queued behind a dozen chunks; the thumbnails in view go out before the overscan rows'
// (which the server has not made ahead), so none in view waits behind one that is not.
test('the first screen loads its code in three scripts and asks for the thumbnails in view first', async ({ page, served }) => {
  const scripts: string[] = [];
  let thumbsAsked = false;
  page.on('request', (r) => {
    if (r.url().includes('/thumbs/')) thumbsAsked = true;
    const m = /\/assets\/([A-Za-z]+)-[^/]*\.js$/.exec(r.url());
    if (m && !thumbsAsked) scripts.push(m[1]!);
  });
  await page.goto(served.url);
  const grid = page.getByRole('listbox', { name: 'Images' });
  await expect(grid.locator('img').first()).toBeVisible();
  expect(scripts.sort()).toEqual(['early', 'index', 'zod']);
  const priorities = () => thumbnailPriorities(grid, '[data-index]');
  await expect.poll(priorities).toEqual([true, true, true]);
  // Scrolled down (by no whole number of rows), the rows now in view ask first, the ones above do not.
  await grid.evaluate((el) => (el.scrollTop = Math.round(el.clientHeight * 1.37)));
  await expect.poll(priorities).toEqual([true, true, true]);
});

// RE2 (a fifth of the start's code) loads in its own chunk once the first screen is shown. A glob typed
// before it arrives says so in one line, and the filter applies by itself when it does.
test('a glob typed before the pattern engine has loaded says so, then filters once it arrives', async ({ page, served }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  await page.route('**/assets/pattern-engine-*.js', async (route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await page.goto(served.url);
  const grid = page.getByRole('listbox', { name: 'Images' });
  await expect(grid.getByRole('option', { name: 'img_00002.png', exact: true })).toBeVisible();
  await expect.poll(() => asked).toBe(true);
  const filter = page.getByRole('searchbox', { name: 'Filter' });
  await filter.fill('tag:red*');
  // Said, not marked as a mistake in the text.
  await expect(page.getByRole('status').filter({ hasText: 'Loading the pattern engine for globs and regular expressions…' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(filter).not.toHaveAttribute('aria-invalid', 'true');
  // A regular expression waits the same way (the parser checks it, and says the same).
  await filter.fill('text:/red dress/');
  await expect(page.getByRole('status').filter({ hasText: 'Loading the pattern engine' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await filter.fill('tag:red*');
  // Meanwhile the grid stays as it was, the query being unusable.
  await expect(grid.getByRole('option', { name: 'img_00002.png', exact: true })).toBeVisible();
  release();
  await expect(page.getByText('Loading the pattern engine')).toHaveCount(0);
  await expect(grid.getByRole('option', { name: 'img_00001.png', exact: true })).toBeVisible();
  await expect(grid.getByRole('option', { name: 'img_00002.png', exact: true })).toHaveCount(0);
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
