import { test as base, expect, type Page } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDataset, type Served } from './server.ts';

interface Fixtures {
  served: Served;
  /** Reads a dataset file as text (null when missing). */
  disk: { read(rel: string): Promise<string | null>; bytes(rel: string): Promise<Buffer>; write(rel: string, text: string): Promise<void> };
  /** Opens the app with the served token and waits for the grid. */
  app: Page;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  served: async ({}, use) => {
    const served = await serveDataset();
    await use(served);
    await served.stop();
  },
  disk: async ({ served }, use) => {
    await use({
      read: (rel) => readFile(join(served.root, rel), 'utf8').catch(() => null),
      bytes: (rel) => readFile(join(served.root, rel)),
      write: (rel, text) => writeFile(join(served.root, rel), text),
    });
  },
  app: async ({ page, served }, use) => {
    await page.goto(served.url);
    await expect(page.getByRole('listbox', { name: 'Images' })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Screenshots of the main views are kept as test artifacts (test-results/screenshots). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}
