import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { IPC_FLUSH } from '../shared/contract/bridge.ts';
import { cleanHarness, launchShell, waitFor, type ShellRun } from '../test/shell/load-shell.ts';
import { servePage, type ServedPage } from '../test/shell/page-bridge.ts';
import { importRendererBuild } from './support/build.ts';
import { captionFor, makeDataset } from './support/dataset.ts';

// The desktop app's page in a real Chromium: the built main bundle runs with the stand-in electron
// module (test/shell/load-shell.ts) and the built preload runs in the page with a stand-in
// contextBridge/ipcRenderer wired to it (test/shell/page-bridge.ts), so the renderer reaches the
// real handlers only through the preload's own code.

let base: string;
let root: string;
let run: ShellRun;
let served: ServedPage;
/** What beforeEach got as far as starting, stopped in reverse by afterEach. */
let cleanups: (() => Promise<void>)[] = [];
/** Uncaught errors in the page (the stand-in and the preload run there too): there must be none. */
let pageErrors: string[] = [];

test.beforeEach(async ({ page }) => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-shell-e2e-')));
  root = path.join(base, 'data');
  await makeDataset(root, { count: 4 });
  // A folder used once and gone since (an unplugged drive), already in the user's recent list.
  fs.mkdirSync(path.join(base, 'config'));
  fs.writeFileSync(path.join(base, 'config', 'config.json'), JSON.stringify({ version: 1, recent: { folders: [path.join(base, 'usb', 'old set')] } }));
  run = await launchShell({ args: [root], userData: path.join(base, 'userData'), configDir: path.join(base, 'config'), rendererDir: process.env.TAGSMITH_RENDERER_DIR ?? (await importRendererBuild()) });
  cleanups.push(() => run.dispose());
  served = await servePage(run);
  cleanups.push(() => served.close());
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.addInitScript({ content: served.initScript });
  // A controllable clock (time flows until a test pauses it).
  await page.clock.install();
  await page.goto(`${served.url}/index.html`);
  await expect(page.getByRole('listbox', { name: 'Images' }).getByRole('option')).toHaveCount(6);
});

test.afterEach(async () => {
  for (const stop of cleanups.reverse()) await stop();
  cleanups = [];
  cleanHarness();
  fs.rmSync(base, { recursive: true, force: true });
  expect(pageErrors).toEqual([]);
});

test('the preload hands the page one narrow bridge over the contract, and nothing of Electron', async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const w = globalThis as unknown as Record<string, unknown> & { tagsmith: { invoke(c: string, r: unknown): Promise<unknown> } };
    return {
      keys: Object.keys(w.tagsmith).sort(),
      frozen: Object.isFrozen(w.tagsmith),
      leaks: ['require', 'process', 'module', 'ipcRenderer', 'electron'].filter((k) => k in w),
      unknown: await w.tagsmith.invoke('fs.readFile', { path: '/etc/passwd' }),
      snapshot: ((await w.tagsmith.invoke('dataset.snapshot', {})) as { ok: boolean }).ok,
    };
  });
  expect(seen).toEqual({
    keys: ['invoke', 'onFlushRequest', 'subscribe'],
    frozen: true,
    leaks: [],
    unknown: { ok: false, error: { kind: 'unknown-channel', message: 'unknown channel: fs.readFile' } },
    snapshot: true,
  });
});

test('quitting saves the edit still waiting for its autosave pause before the window closes', async ({ page }) => {
  const caption = path.join(root, 'img_00001.txt');
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00001.png', exact: true }).click();
  const sentences = page.getByRole('region', { name: 'Caption of img_00001.png' }).getByRole('textbox', { name: 'Sentences' });
  // Time stops in the page: the autosave pause never ends, so only the quit's flush can save the edit.
  await page.clock.pauseAt(Date.now() + 1000);
  await sentences.fill('She kneels by the window.');
  await expect(page.getByRole('contentinfo')).toContainText('Unsaved changes');

  const contents = run.window().webContents;
  let onDiskWhenAsked: string | null = null;
  let onDiskWhenClosed: string | null = null;
  contents.page.on('message', (channel: string) => {
    if (channel === IPC_FLUSH) onDiskWhenAsked = fs.readFileSync(caption, 'utf8');
  });
  run.window().on('closed', () => {
    onDiskWhenClosed = fs.readFileSync(caption, 'utf8');
  });
  // The user quits at once, well inside the autosave pause.
  run.electron.app.quit();
  await waitFor(() => run.electron.app.quitted, 'the quit');

  expect(onDiskWhenAsked).toBe(captionFor(0));
  expect(onDiskWhenClosed).toBe('1girl, solo, red dress, standing, low angle, long_hair, indoors. She kneels by the window.\n');
  expect(run.electron.dialog.messageBoxes).toEqual([]);
});

test('the page lists the recent folders and opens one, saving pending edits first', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const other = path.join(base, 'portraits 2');
  await makeDataset(other, { count: 2 });
  // File > Open Folder… picks the second folder; the page reloads on it.
  run.electron.dialog.nextOpen.push({ canceled: false, filePaths: [other] });
  run.electron.menuItem('&File', 'Open Folder…').click?.();
  await expect(page.getByRole('listbox', { name: 'Images' }).getByRole('option')).toHaveCount(4);

  await page.getByRole('button', { name: 'Recent folders…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Recent folders' });
  const items = dialog.getByRole('list', { name: 'Recent folders' }).getByRole('button');
  await expect(items).toHaveCount(3);
  // Most recent first; each button's name holds all the text it shows.
  await expect(items.nth(0)).toHaveAccessibleName(`portraits 2 ${other} open now`);
  await expect(items.nth(0)).toBeDisabled();
  await expect(items.nth(1)).toHaveAccessibleName(`data ${root}`);
  await expect(items.nth(2)).toHaveAccessibleName(`old set ${path.join(base, 'usb', 'old set')} not found`);
  await expect(items.nth(2)).toBeDisabled();
  await page.screenshot({ path: 'test-results/screenshots/recent-folders.png' });
  const axe = await new AxeBuilder({ page }).include('.recent-dialog').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // An edit still in its autosave pause when the user switches folders (time stopped: it stays there).
  await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: 'img_00002.png', exact: true }).click();
  await page.clock.pauseAt(Date.now() + 1000);
  await page.getByRole('region', { name: 'Caption of img_00002.png' }).getByRole('textbox', { name: 'Sentences' }).fill('A portrait in soft light.');
  await expect(page.getByRole('contentinfo')).toContainText('Unsaved changes');
  await page.getByRole('button', { name: 'Recent folders…' }).click();
  await items.nth(1).click();
  await page.clock.resume();
  await expect(page.getByRole('listbox', { name: 'Images' }).getByRole('option')).toHaveCount(6);
  expect(fs.readFileSync(path.join(other, 'img_00002.txt'), 'utf8')).toBe(`${captionFor(1).split('. ')[0]}. A portrait in soft light.\n`);
  // The switch made the data folder the most recent again, in the menu too.
  await expect.poll(() => run.electron.menuItem('&File', 'Open Recent').submenu?.[0]?.label).toBe(root);
});
