import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { captionBytes, captionFor } from './support/dataset.ts';
import { expect, test } from './support/fixtures.ts';
import type { Served } from './support/server.ts';

// Issue 13 item 4: the editor's history stays true while the CLI edits the folder it has open.

const TAGSMITH = fileURLToPath(new URL('../bin/tagsmith', import.meta.url));

/**
 * `tagsmith edit` as a person runs it in a terminal beside the open editor: another process. Returns
 * the label of the journal entry it wrote (from its own output, not from the editor's backend).
 */
async function cliEdit(served: Served, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(TAGSMITH, ['edit', served.root, ...args, '--json'], { env: { ...process.env, TAGSMITH_CONFIG_DIR: served.configDir } });
  return (JSON.parse(stdout) as { entry: { label: string } }).entry.label;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The Undo button's tooltip ends with the label of the step Ctrl+Z undoes. */
const undoes = (label: string) => new RegExp(`: ${escape(label)}$`);

const undoButton = (page: Page) => page.getByRole('button', { name: /Undo/ });
const status = (page: Page) => page.locator('.status-message');

test('an edit made by the CLI shows in the open editor\'s history, and Ctrl+Z then undoes it', async ({ app: page, served, disk, api }) => {
  const before = await captionBytes(served.root);
  await expect(undoButton(page)).toBeDisabled();

  const label = await cliEdit(served, '--add', 'from cli');
  expect(await disk.read('img_00001.txt')).toContain('from cli');
  // Listed without a reload: the button names the CLI's step as the one Ctrl+Z undoes.
  await expect(undoButton(page)).toBeEnabled();
  await expect(undoButton(page)).toHaveAttribute('title', undoes(label));

  await page.keyboard.press('Control+z');
  await expect.poll(() => captionBytes(served.root)).toEqual(before);
  await expect(status(page)).toContainText(`Undid “${label}”`);
  expect((await api.history()).head).toBe(0);
});

test('a Ctrl+Z aimed at a history that moved elsewhere is refused, the history refreshed, and only the next press undoes the CLI edit', async ({ page, served, disk, api }) => {
  // The page's events pass through this proxy; history.changed can be held back, as when the watcher
  // is late or misses the journal, so the page still shows the history from before the CLI edit.
  let hold = false;
  await page.routeWebSocket(/\/api\/events/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => {
      if (!(hold && typeof message === 'string' && message.includes('"history.changed"'))) ws.send(message);
    });
    ws.onMessage((message) => server.send(message));
  });
  await page.goto(served.url);
  const grid = page.getByRole('listbox', { name: 'Images' });
  await grid.getByRole('option', { name: 'img_00001.png', exact: true }).click();
  const input = page.getByRole('region', { name: 'Caption of img_00001.png' }).getByRole('combobox', { name: 'Add tag' });
  await input.fill('ours');
  await input.press('Enter');
  const ours = captionFor(0).replace('indoors.', 'indoors, ours.');
  await expect.poll(() => disk.read('img_00001.txt')).toBe(ours);
  await expect(undoButton(page)).toBeEnabled();
  const oursLabel = (await api.history()).entries.at(-1)!.label;
  await expect(undoButton(page)).toHaveAttribute('title', undoes(oursLabel));

  hold = true;
  const beforeCli = await captionBytes(served.root);
  const cliLabel = await cliEdit(served, '--add', 'from cli');
  const afterCli = await captionBytes(served.root);
  // Whenever the backend hears of the CLI's entry, the page is not told: it still offers to undo its
  // own edit, and that is what the person believes Ctrl+Z does.
  await expect(undoButton(page)).toHaveAttribute('title', undoes(oursLabel));

  await input.press('Control+z');
  await expect(status(page)).toContainText(`History changed in another program: refreshed; press Ctrl+Z again to undo “${cliLabel}”`);
  await expect(undoButton(page)).toHaveAttribute('title', undoes(cliLabel));
  // Refused: neither the CLI's step nor ours was undone.
  expect(await captionBytes(served.root)).toEqual(afterCli);
  expect((await api.history()).head).toBe(2);

  // Now listed, the next press undoes the CLI's step, and only that.
  await input.press('Control+z');
  await expect.poll(() => captionBytes(served.root)).toEqual(beforeCli);
  expect(await disk.read('img_00001.txt')).toBe(ours);
  await expect(status(page)).toContainText(`Undid “${cliLabel}”`);
  expect((await api.history()).head).toBe(1);
});
