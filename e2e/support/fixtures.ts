import { test as base, expect, type Page } from '@playwright/test';
import type { Channel, HistoryInfo, RequestOf, ResponseOf } from '../../shared/contract/index.ts';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDataset, type Served } from './server.ts';

interface Fixtures {
  served: Served;
  /** Reads a dataset file as text (null when missing). */
  disk: {
    read(rel: string): Promise<string | null>;
    bytes(rel: string): Promise<Buffer>;
    /** Writes in place (truncate, then write), as many programs do. */
    write(rel: string, content: string | Uint8Array): Promise<void>;
    /** Writes a temp file and renames it over the caption, as careful editors do: one change event. */
    replace(rel: string, text: string): Promise<void>;
  };
  /** Opens the app with the served token and waits for the grid. */
  app: Page;
  /** The served backend's API, called from outside the page with the token (to check what it holds). */
  api: { call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>; history(): Promise<HistoryInfo> };
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
      replace: async (rel, text) => {
        const tmp = join(served.root, `${rel}.e2e-tmp`);
        await writeFile(tmp, text);
        await rename(tmp, join(served.root, rel));
      },
    });
  },
  api: async ({ served, playwright }, use) => {
    const context = await playwright.request.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${served.token}` } });
    const call = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
      const res = (await (await context.post(`${served.origin}/api/${channel}`, { data: request })).json()) as { ok: boolean; value?: ResponseOf<C>; error?: { message: string } };
      if (!res.ok) throw new Error(`${channel}: ${res.error?.message}`);
      return res.value as ResponseOf<C>;
    };
    await use({ call, history: () => call('history.get', {}) });
    await context.dispose();
  },
  app: async ({ page, served }, use) => {
    await page.goto(served.url);
    await expect(page.getByRole('listbox', { name: 'Images' })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Screenshots of the main views are kept as test artifacts (test-results/screenshots). */
/**
 * A screenshot once the images in view have loaded (up to 3 s), so it shows what a person sees a
 * moment later, not a preview caught half-way. Page-side code as text: no DOM types here.
 */
export async function shot(page: Page, name: string): Promise<void> {
  await page
    .waitForFunction(
      `[...document.images].every((i) => { const r = i.getBoundingClientRect(); const inView = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth; return !inView || !i.src || i.complete; })`,
      undefined,
      { timeout: 3000 },
    )
    .catch(() => undefined);
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}
