import { AxeBuilder } from '@axe-core/playwright';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDataset } from './support/dataset.ts';
import { expect, shot, test as base } from './support/fixtures.ts';
import { serveFolder } from './support/server.ts';

/** Captions past 10,000 characters: a plan touching them runs on the server's worker thread. */
const LONG = 60;
const longCaption = (i: number): string => `long ${i}, ${'ab '.repeat(4_000)}\n`;

const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  served: async ({}, use) => {
    const root = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-patterns-'));
    await makeDataset(root, { count: 40 });
    for (let i = 0; i < LONG; i++) {
      await copyFile(join(root, 'miku.png'), join(root, `long_${i}.png`));
      await writeFile(join(root, `long_${i}.txt`), longCaption(i));
    }
    const served = await serveFolder(root);
    await use(served);
    await served.stop();
  },
});

test('a pattern RE2 cannot run is refused as it is typed, with the spot marked', async ({ app: page }) => {
  const filter = page.getByRole('searchbox', { name: 'Filter' });
  await filter.fill('text:/(dress)\\s\\1/');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Backreference \\1 is not supported: patterns run on a linear-time engine (RE2)');
  await expect(alert.getByLabel('at position 16')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, 'filter-pattern-refused-1280');
  await page.setViewportSize({ width: 1440, height: 900 });
  // The classic catastrophic pattern is simply answered.
  await filter.fill('text:/(a+)+$/ OR text:/^(\\w+\\s?)*$/');
  await expect(alert).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear query' }).click();

  await page.getByRole('button', { name: 'Batch…' }).click();
  const dialog = page.getByRole('region', { name: 'Batch edit' });
  await dialog.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Replace text' });
  await dialog.getByRole('checkbox', { name: 'Regular expression' }).check();
  const find = dialog.getByRole('textbox', { name: 'Find text' });
  await find.fill('red(?= dress)');
  await expect(dialog.getByRole('alert')).toContainText('Lookahead (?=…) is not supported');
  await expect(dialog.getByRole('alert').getByLabel('at position 4')).toBeVisible();
  await expect(find).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toBeInViewport();
  await expect(dialog.getByRole('button', { name: /^Preview/ })).toBeDisabled();
  await shot(page, 'batch-pattern-refused');
  const axe = await new AxeBuilder({ page }).include('[aria-label="Batch edit"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  await find.fill('red( dress)');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: /^Preview/ })).toBeEnabled();
});

test('a heavy preview runs off the server thread: a save from elsewhere is answered meanwhile', async ({ app: page, api, disk }) => {
  await page.getByRole('button', { name: 'Batch…' }).click();
  const dialog = page.getByRole('region', { name: 'Batch edit' });
  await dialog.getByRole('combobox', { name: 'Operation' }).selectOption({ label: 'Replace text' });
  await dialog.getByRole('checkbox', { name: 'Regular expression' }).check();
  // Linear on RE2 but heavy: some 30 ms for each long caption.
  await dialog.getByRole('textbox', { name: 'Find text' }).fill('(.*a){20}');
  await dialog.getByRole('textbox', { name: 'Replace with' }).fill('x');
  await dialog.getByRole('button', { name: /^Preview/ }).click();
  const status = dialog.getByRole('status');
  await expect(status).toHaveText('Computing preview…');

  // Another window saves a caption while the preview runs: the server answers at once.
  const before = (await disk.read('img_00001.txt'))!;
  await api.call('caption.save', { id: 'img_00001.png', before, after: `${before.trimEnd()}, kneeling\n` });
  await expect(status).toHaveText('Computing preview…');
  expect(await disk.read('img_00001.txt')).toBe(`${before.trimEnd()}, kneeling\n`);

  await expect(status).toContainText(`${LONG} of 102 captions would change`, { timeout: 30_000 });
});
