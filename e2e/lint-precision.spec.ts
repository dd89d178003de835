import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test as base, expect, type Locator } from '@playwright/test';
import { copyOf, layoutPicture, picture } from '../electron/core/lint/testing/pictures.ts';
import { shot } from './support/fixtures.ts';
import { serveFolder, type Served } from './support/server.ts';

// Lint precision in the app (issue 11): a set that never states a framing gets no group warnings,
// one layout in two colours is not "the same picture" while a resized JPEG copy is, and a fix over
// several files shows its before -> after first, fits the panel, and applies as one undo step.

const SUBJECTS = ['a red teapot', 'an oak chair', 'a blue bicycle', 'a white lighthouse', 'a small cactus', 'a yellow umbrella', 'a silver camera', 'a red fox'];
const PLACES = ['on a table', 'by a window', 'against a wall', 'on a cliff', 'on a desk', 'on wet cobbles', 'on a shelf', 'in the snow'];
/** Four tags written with underscores in three captions and with spaces in others: one fix, a long label. */
const MIXED = ['long_hair', 'blue_eyes', 'red_dress', 'hair_ribbon'];
const UNDERSCORED = ['img_0.txt', 'img_1.txt', 'img_2.txt'];

function caption(i: number): string {
  const tags = MIXED.map((t) => (i < 3 ? t : t.replace('_', ' ')));
  return `ohwx, ${SUBJECTS[i]!.replace(/^an? /, '')}, ${tags.join(', ')}, item ${i}. A photo of ${SUBJECTS[i]} ${PLACES[i]}. It is number ${i} of the set. Nothing else is in frame ${i}.\n`;
}

/** The dataset, relative path -> content. */
async function datasetFiles(): Promise<Record<string, string | Buffer>> {
  const files: Record<string, string | Buffer> = { '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: ['ohwx'] }) };
  for (let i = 0; i < SUBJECTS.length; i++) {
    // img_6 and img_7: one layout in two colours, which a perceptual hash alone calls one picture.
    const layout = [{ fg: '#c03030', bg: '#f0f0f0' }, { fg: '#3050c0', bg: '#f0f0f0' }][i - 6];
    files[`img_${i}.png`] = layout ? await layoutPicture(layout) : await picture(40 + i);
    files[`img_${i}.txt`] = caption(i);
  }
  // The same picture as img_3, resized and re-encoded, with a caption of its own.
  files['copy_of_3.jpg'] = await copyOf(await picture(43), { scale: 0.6, format: 'jpeg', quality: 60 });
  files['copy_of_3.txt'] = 'ohwx, lighthouse at night, long hair, blue eyes, red dress, hair ribbon. A photo of a lighthouse at night. Its lamp is lit. Stars fill the sky.\n';
  return files;
}

const test = base.extend<{ served: Served }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  served: async ({}, use) => {
    const root = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-lint-precision-'));
    for (const [rel, content] of Object.entries(await datasetFiles())) {
      await mkdir(dirname(join(root, rel)), { recursive: true });
      await writeFile(join(root, rel), content);
    }
    const served = await serveFolder(root);
    await use(served);
    await served.stop();
  },
});

test.use({ viewport: { width: 1280, height: 720 } });

const read = (root: string, rel: string) => readFile(join(root, rel), 'utf8');

/** Everything inside `inner` lies within `outer` horizontally, and `outer` has nothing to scroll sideways. */
async function expectInside(inner: Locator, outer: Locator): Promise<void> {
  const a = (await inner.boundingBox())!;
  const b = (await outer.boundingBox())!;
  expect(a.x).toBeGreaterThanOrEqual(b.x);
  expect(a.x + a.width).toBeLessThanOrEqual(b.x + b.width + 0.5);
  expect(await outer.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
}

test('lint precision: no group noise, same picture only for a real copy, fixes fit and preview first', async ({ page, served }) => {
  await page.goto(served.url);
  await expect(page.getByRole('listbox', { name: 'Images' })).toBeVisible();
  await page.getByRole('button', { name: 'Lint' }).click();
  const panel = page.getByRole('complementary', { name: 'Caption lint' });
  const findings = panel.getByRole('list', { name: 'Findings' });
  await expect(findings).toBeVisible({ timeout: 30_000 });

  // No framing, pose or angle stated anywhere: no group warning. One picture twice: exactly the copy.
  await expect(findings.getByRole('listitem', { name: 'Missing group tag' })).toHaveCount(0);
  const same = findings.getByRole('listitem', { name: 'Same picture, different captions' });
  await same.getByRole('button', { name: 'Same picture, different captions' }).click();
  await same.getByRole('list').getByRole('button').first().click();
  const grid = page.getByRole('listbox', { name: 'Images' });
  await expect(grid.getByRole('option')).toHaveCount(2);
  await expect(grid.getByRole('option', { name: /img_3\.png/ })).toBeVisible();
  await expect(grid.getByRole('option', { name: /copy_of_3\.jpg/ })).toBeVisible();
  await page.getByRole('button', { name: 'Clear lint filter' }).click();
  await same.getByRole('button', { name: 'Same picture, different captions' }).click();

  // The underscore fix names four tags: its button wraps inside the panel at both widths.
  const mixed = findings.getByRole('listitem', { name: 'Mixed underscores and spaces' });
  await mixed.getByRole('button', { name: 'Mixed underscores and spaces' }).click();
  const fix = mixed.getByRole('button', { name: /^Write 'long_hair', .* with spaces$/ });
  await fix.scrollIntoViewIfNeeded();
  await expectInside(fix, panel);
  await shot(page, 'lint-precision-1280x720');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await fix.scrollIntoViewIfNeeded();
  await expectInside(fix, panel);
  await shot(page, 'lint-precision-1920x1080');

  // Three files: a preview first, and Cancel writes nothing.
  const before = await Promise.all(UNDERSCORED.map((f) => read(served.root, f)));
  await fix.click();
  const dialog = page.getByRole('dialog', { name: /^Preview: Write 'long_hair'/ });
  const list = dialog.getByRole('region', { name: 'Changes preview' });
  await expect(list).toContainText('img_0.txt');
  await expect(list).toContainText('img_2.txt');
  await expect(dialog.getByRole('status')).toHaveText(/^3 of 3 captions would change\./);
  await expect(list).toContainText('long hair');
  await shot(page, 'lint-precision-preview');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await Promise.all(UNDERSCORED.map((f) => read(served.root, f)))).toEqual(before);

  // Apply: every file fixed, the finding gone; one undo puts all three back.
  await fix.click();
  await dialog.getByRole('button', { name: 'Apply 3 changes' }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => read(served.root, 'img_1.txt')).toBe(caption(1).replace(/(\w)_(\w)/g, '$1 $2'));
  await expect(findings.getByRole('listitem', { name: 'Mixed underscores and spaces' })).toHaveCount(0);
  await page.getByRole('contentinfo').getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => Promise.all(UNDERSCORED.map((f) => read(served.root, f)))).toEqual(before);
});
