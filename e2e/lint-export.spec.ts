import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import { parse as parseToml } from 'smol-toml';
import { serveFolder, type Served } from './support/server.ts';
import { shot } from './support/fixtures.ts';

// The lint panel and the export dialog in web mode, on a small dataset with known defects: a repeated
// tag, two identical captions, a caption without the trigger word, and the same picture twice (a
// resized copy) with different captions.
const POSES = ['standing', 'sitting', 'kneeling', 'lying', 'squatting', 'standing', 'sitting', 'kneeling'];
const ANGLES = ['low angle', 'high angle', 'from side', 'from behind', 'eye level', 'from above', 'from below', 'low angle'];
const FRAMING = ['full body', 'upper body', 'cowboy shot', 'close-up', 'full body', 'upper body', 'cowboy shot', 'close-up'];
const COLOURS = ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'white', 'black'];

/** A picture of its own for each index: stripes at an angle and frequency no other index uses. */
function picture(i: number, size = 256): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <rect width="100%" height="100%" fill="hsl(${i * 45}, 60%, 55%)"/>
    <g transform="rotate(${i * 23} ${size / 2} ${size / 2})">${Array.from({ length: 4 + i }, (_, k) =>
      `<rect x="${(k * size) / (4 + i)}" y="-${size}" width="${size / (8 + 2 * i)}" height="${size * 3}" fill="hsl(${(i * 45 + 180) % 360}, 70%, 25%)"/>`).join('')}</g>
    <circle cx="${40 + i * 22}" cy="${60 + (i % 3) * 60}" r="${20 + i * 3}" fill="white"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function caption(i: number): string {
  return `ohwx, 1girl, solo, ${POSES[i]}, ${ANGLES[i]}, ${FRAMING[i]}, ${COLOURS[i]} dress, ${COLOURS[(i + 3) % 8]} background. She is ${POSES[i]} in a ${COLOURS[i]} dress. The light comes from the ${i % 2 ? 'left' : 'right'}. Her hair is ${i % 3 ? 'short' : 'long'}.\n`;
}

interface Fixtures { served: Served; app: Page; out: string }

const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  served: async ({}, use) => {
    const root = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-lint-'));
    for (let i = 0; i < 8; i++) {
      await writeFile(join(root, `img_${i}.png`), await picture(i));
      await writeFile(join(root, `img_${i}.txt`), caption(i));
    }
    // Defects: a repeated tag, a copy of img_1's caption on img_2, no trigger word on img_3, and
    // img_0 again, resized and re-encoded, with a caption of its own.
    await writeFile(join(root, 'img_4.txt'), caption(4).replace('solo, ', 'solo, solo, '));
    await writeFile(join(root, 'img_2.txt'), caption(1));
    await writeFile(join(root, 'img_3.txt'), caption(3).replace('ohwx, ', ''));
    await writeFile(join(root, 'copy_of_0.jpg'), await sharp(await picture(0)).resize(180).jpeg({ quality: 80 }).toBuffer());
    await writeFile(join(root, 'copy_of_0.txt'), caption(5));
    await mkdir(join(root, '.tagsmith'));
    await writeFile(join(root, '.tagsmith', 'settings.json'), JSON.stringify({ version: 1, triggerWords: ['ohwx'] }));
    const served = await serveFolder(root);
    await use(served);
    await served.stop();
  },
  app: async ({ page, served }, use) => {
    await page.goto(served.url);
    await expect(page.getByRole('listbox', { name: 'Images' })).toBeVisible();
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  out: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-export-'));
    await use(join(dir, 'kohya-out'));
    await rm(dir, { recursive: true, force: true });
  },
});

const read = (root: string, rel: string) => readFile(join(root, rel), 'utf8');

test('lint panel: findings per rule, a click filters the grid, a one-click fix is one undo step', async ({ app: page, served }) => {
  await page.getByRole('button', { name: 'Lint' }).click();
  const panel = page.getByRole('complementary', { name: 'Caption lint' });
  const findings = panel.getByRole('list', { name: 'Findings' });
  await expect(findings).toBeVisible({ timeout: 30_000 });
  for (const rule of ['Identical captions', 'Trigger word missing', 'Repeated tags', 'Same picture, different captions']) {
    await expect(findings.getByRole('listitem', { name: rule })).toBeVisible();
  }
  await shot(page, 'lint-panel');

  // The repeated tag: expand, click the finding (grid filtered to its image), fix it in one click.
  const repeated = findings.getByRole('listitem', { name: 'Repeated tags' });
  await repeated.getByRole('button', { name: 'Repeated tags' }).click();
  await repeated.getByRole('list').getByRole('button').first().click();
  await expect(page.getByRole('button', { name: 'Clear lint filter' })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Images' }).getByRole('option')).toHaveCount(1);
  await expect(page.getByRole('option', { name: /img_4\.png/ })).toBeVisible();
  await repeated.getByRole('button', { name: 'Remove repeated tags' }).click();
  await expect.poll(() => read(served.root, 'img_4.txt')).toBe(caption(4));
  await expect(findings.getByRole('listitem', { name: 'Repeated tags' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear lint filter' }).click();
  await expect(page.getByRole('listbox', { name: 'Images' }).getByRole('option')).toHaveCount(9);

  // One undo puts the repeated tag back.
  await page.getByRole('contentinfo').getByRole('button', { name: /Undo/ }).click();
  await expect.poll(() => read(served.root, 'img_4.txt')).toBe(caption(4).replace('solo, ', 'solo, solo, '));
});

test('export for kohya: a new folder with the images, line-1 captions split for shuffling and a dataset.toml sd-scripts reads; originals untouched', async ({ app: page, served, out }) => {
  const before = await Promise.all(['img_0.txt', 'img_4.txt'].map((f) => read(served.root, f)));
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export for training' });
  await dialog.getByRole('radio', { name: 'kohya sd-scripts' }).check();
  await dialog.getByRole('spinbutton', { name: 'Repeats' }).fill('10');
  await dialog.getByRole('textbox', { name: 'Class word' }).fill('woman');
  await dialog.getByRole('textbox', { name: 'Destination folder' }).fill(out);
  await expect(dialog.getByRole('textbox', { name: 'Config preview' })).toHaveValue(/keep_tokens/);
  // The captions hold sentences: what each config chose from them is said under the preview
  // (OneTrainer's JSON cannot say it), with what each trainer loads.
  const notes = dialog.getByRole('list', { name: 'Config notes' });
  await expect(notes.getByRole('listitem').filter({ hasText: 'shuffle_caption is off for the images folder: captions hold sentences' })).toBeVisible();
  await dialog.getByRole('radio', { name: 'OneTrainer' }).check();
  await expect(notes.getByRole('listitem').filter({ hasText: 'tag shuffling is off: captions hold sentences' })).toBeVisible();
  await expect(dialog.getByText(/OneTrainer loads 9 images: /)).toBeVisible();
  await dialog.getByRole('radio', { name: 'kohya sd-scripts' }).check();
  await expect(dialog.getByRole('textbox', { name: 'Config preview' })).toHaveValue(/keep_tokens/);
  await shot(page, 'export-dialog');
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(dialog.getByRole('status')).toContainText('Exported', { timeout: 30_000 });

  const config = parseToml(await readFile(join(out, 'dataset.toml'), 'utf8')) as { general: Record<string, unknown>; datasets: Array<{ subsets: Array<Record<string, unknown>> }> };
  const subset = config.datasets[0]!.subsets[0]!;
  expect(subset.num_repeats).toBe(10);
  expect(String(subset.image_dir)).toMatch(/10_.* woman$/);
  const entries = await readdir(String(subset.image_dir));
  expect(entries.filter((f) => f.endsWith('.txt'))).toHaveLength(9);
  expect(entries.filter((f) => /\.(png|jpg)$/.test(f))).toHaveLength(9);
  // Shuffling keeps the trigger first and the sentences whole: kohya's keep_tokens_separator splits the
  // exported line into a fixed prefix, shuffled tags and a fixed suffix (the user's files never see it).
  expect(subset.keep_tokens_separator).toBe('|||');
  const [tags, prose] = caption(0).trimEnd().split(/\. (.*)/s) as [string, string];
  expect(await readFile(join(String(subset.image_dir), 'img_0.txt'), 'utf8')).toBe(`${tags.replace('ohwx, ', 'ohwx ||| ')} ||| ${prose}\n`);
  expect(await Promise.all(['img_0.txt', 'img_4.txt'].map((f) => read(served.root, f)))).toEqual(before);
});
