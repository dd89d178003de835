import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { parseCaption } from '../shared/caption/index.ts';
import { startFakeLlmServer, type FakeLlmServer } from '../test/fakes/llm-server.ts';
import { colourImage, writeTaggerFolder } from '../test/helpers/autocaption.ts';
import { serveFolder, type Served } from './support/server.ts';
import { shot } from './support/fixtures.ts';

// One-click auto-caption in web mode: a generated WD14-shaped tagger (the real onnxruntime path) and
// a loopback vision-LLM server stand in for the model files and the GPU box this machine cannot have.
interface Fixtures {
  llm: FakeLlmServer;
  tagger: string;
  served: Served;
  app: Page;
}

const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  llm: async ({}, use) => {
    const server = await startFakeLlmServer({ latencyMs: 150 });
    await use(server);
    await server.close();
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  tagger: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-tagger-'));
    await use(await writeTaggerFolder(dir));
    await rm(dir, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  served: async ({}, use) => {
    const root = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-ac-'));
    for (const colour of ['red', 'green', 'blue', 'cyan'] as const) await writeFile(join(root, `${colour}.png`), await colourImage(colour, 96));
    await writeFile(join(root, 'cyan.txt'), 'hand written caption\n');
    const served = await serveFolder(root);
    await use(served);
    await served.stop();
  },
  app: async ({ page, served }, use) => {
    await page.goto(served.url);
    await expect(page.getByRole('listbox', { name: 'Images' })).toBeVisible();
    await use(page);
  },
});

const read = (root: string, rel: string) => readFile(join(root, rel), 'utf8').catch(() => null);

test('one-click auto-caption: tags + sentences in one line per image, captioned images skipped, one undo', async ({ app: page, served, llm, tagger }) => {
  await page.getByRole('button', { name: 'Auto-caption…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-caption' });
  await dialog.getByRole('combobox', { name: 'Tagger model' }).fill(tagger);
  await dialog.getByRole('checkbox', { name: 'Use vision LLM' }).check();
  await dialog.getByRole('textbox', { name: 'Server URL' }).fill(llm.openaiBase);
  await dialog.getByRole('combobox', { name: 'Model name' }).fill('fake-vlm');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByRole('status')).toContainText('fake-vlm');
  await dialog.getByRole('textbox', { name: 'Focus phrase' }).fill('colour of the card');
  await dialog.getByRole('textbox', { name: 'Context hint' }).fill('flat colour test cards');
  await expect(dialog.getByRole('radio', { name: 'Skip captioned images' })).toBeChecked();
  await shot(page, 'autocaption-dialog');
  await dialog.getByRole('button', { name: 'Start' }).click();

  const panel = page.getByRole('region', { name: 'Auto-caption job' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('progressbar', { name: 'Auto-caption progress' })).toBeVisible();
  await expect(panel).toContainText(/finished/i, { timeout: 30_000 });
  await shot(page, 'autocaption-finished');

  const red = parseCaption((await read(served.root, 'red.txt'))!);
  expect(red.tags).toEqual(expect.arrayContaining(['red background', '1girl', 'solo']));
  expect(red.prose.match(/[.!?](\s|$)/g)).toHaveLength(3);
  expect(await read(served.root, 'cyan.txt')).toBe('hand written caption\n');
  expect(llm.requests).toHaveLength(3);
  expect(llm.requests[0]!.prompt).toContain('colour of the card');
  expect(llm.requests[0]!.prompt).toContain('flat colour test cards');

  // The grid shows the new captions; one undo (in the job panel) removes every one of them.
  await expect(page.getByRole('option', { name: /red\.png/ })).toContainText('red background');
  await panel.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => read(served.root, 'red.txt')).toBeNull();
  expect(await read(served.root, 'green.txt')).toBeNull();
  expect(await read(served.root, 'cyan.txt')).toBe('hand written caption\n');
});

test('replace needs a confirmation; a failing LLM lists the failure and writes nothing for it', async ({ app: page, served, llm }) => {
  llm.script('fake-vlm', ['refusal']);
  await page.getByRole('option', { name: /cyan\.png/ }).click();
  await page.getByRole('button', { name: 'Re-caption' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-caption' });
  await dialog.getByRole('checkbox', { name: 'Use WD14 tagger' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'Use vision LLM' }).check();
  await dialog.getByRole('textbox', { name: 'Server URL' }).fill(llm.openaiBase);
  await dialog.getByRole('combobox', { name: 'Model name' }).fill('fake-vlm');
  await expect(dialog.getByRole('radio', { name: 'Replace captions' })).toBeChecked();
  await expect(dialog.getByRole('button', { name: 'Start' })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: 'I understand existing captions will be replaced' }).check();
  await dialog.getByRole('button', { name: 'Start' }).click();

  const panel = page.getByRole('region', { name: 'Auto-caption job' });
  await expect(panel).toContainText(/finished/i, { timeout: 30_000 });
  await panel.getByText(/^Failures \(1\)/).click();
  await expect(panel.getByRole('list', { name: 'Failures' })).toContainText('refused');
  await shot(page, 'autocaption-failure');
  expect(await read(served.root, 'cyan.txt')).toBe('hand written caption\n');

  // Retry: the server answers now, and the hand-written caption is replaced.
  await panel.getByRole('button', { name: 'Retry failed' }).click();
  await expect.poll(() => read(served.root, 'cyan.txt'), { timeout: 30_000 }).not.toBe('hand written caption\n');
  expect(parseCaption((await read(served.root, 'cyan.txt'))!).prose).not.toBe('');
});
