import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { parseCaption } from '../shared/caption/index.ts';
import type { Channel, RequestOf, ResponseOf } from '../shared/contract/index.ts';
import { startFakeLlmServer, type FakeLlmServer } from '../test/fakes/llm-server.ts';
import { colourImage, writeTaggerFolder } from '../test/helpers/autocaption.ts';
import { serveFolder, type Served } from './support/server.ts';
import { shot } from './support/fixtures.ts';

// One-click auto-caption in web mode: a generated WD14-shaped tagger (the real onnxruntime path) and
// a loopback vision-LLM server stand in for the model files and the GPU box this machine cannot have.
// The tagger also sits in a Hugging Face cache of its own as `wd-vit-tagger-v3`, so the model picker
// finds one model "downloaded" and the job resolves it from the cache, offline.
interface Fixtures {
  llm: FakeLlmServer;
  tagger: string;
  hubCache: string;
  /** Caption files beside the four colour images (option). */
  captions: Record<string, string>;
  /** The dataset's trigger words (option). */
  triggerWords: string[];
  served: Served;
  app: Page;
}

const CACHED_MODEL = 'wd-vit-tagger-v3';
const SERVER_MODELS = ['fake-vlm', 'joycaption-beta-one', 'qwen2.5-vl-7b'];

/** A hub-cache entry as huggingface_hub leaves it: blobs, relative symlinks from the snapshot, refs/main. */
async function cacheTagger(cache: string, repo: string, tagger: string): Promise<void> {
  const root = join(cache, `models--${repo.replace('/', '--')}`);
  const commit = 'c0ffee'.padEnd(40, '0');
  const snapshot = join(root, 'snapshots', commit);
  await mkdir(snapshot, { recursive: true });
  for (const file of ['model.onnx', 'selected_tags.csv']) {
    const blob = join(root, 'blobs', `blob-${file}`);
    await mkdir(dirname(blob), { recursive: true });
    await copyFile(join(tagger, file), blob);
    await symlink(relative(snapshot, blob), join(snapshot, file));
  }
  await mkdir(join(root, 'refs'), { recursive: true });
  await writeFile(join(root, 'refs', 'main'), commit);
}

/** The served backend's API, called from outside the page (settings before the page loads, history checks). */
async function call<C extends Channel>(served: Served, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const res = await fetch(`${served.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await res.json()) as { ok: boolean; value?: ResponseOf<C>; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.value as ResponseOf<C>;
}

const test = base.extend<Fixtures>({
  captions: [{ 'cyan.txt': 'hand written caption\n' }, { option: true }],
  triggerWords: [[], { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  llm: async ({}, use) => {
    const server = await startFakeLlmServer({ latencyMs: 150, models: SERVER_MODELS });
    await use(server);
    await server.close();
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  tagger: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-tagger-'));
    await use(await writeTaggerFolder(dir));
    await rm(dir, { recursive: true, force: true });
  },
  hubCache: async ({ tagger }, use) => {
    const cache = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-hub-'));
    await cacheTagger(cache, `SmilingWolf/${CACHED_MODEL}`, tagger);
    await use(cache);
    await rm(cache, { recursive: true, force: true });
  },
  served: async ({ captions, triggerWords, hubCache }, use) => {
    const root = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-ac-'));
    for (const colour of ['red', 'green', 'blue', 'cyan'] as const) await writeFile(join(root, `${colour}.png`), await colourImage(colour, 96));
    for (const [name, text] of Object.entries(captions)) await writeFile(join(root, name), text);
    // The server reads the hub cache from the environment, as the Python tools sharing it do; offline,
    // so a model missing from it can never start a download.
    const saved = { cache: process.env.HF_HUB_CACHE, offline: process.env.HF_HUB_OFFLINE };
    process.env.HF_HUB_CACHE = hubCache;
    process.env.HF_HUB_OFFLINE = '1';
    let served: Served;
    try {
      served = await serveFolder(root);
    } finally {
      for (const [name, value] of [['HF_HUB_CACHE', saved.cache], ['HF_HUB_OFFLINE', saved.offline]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    if (triggerWords.length > 0) await call(served, 'settings.update', { patch: { triggerWords } });
    await use(served);
    await served.stop();
  },
  app: async ({ page, served }, use) => {
    await page.goto(served.url);
    await expect(page.getByRole('listbox', { name: 'Images' })).toBeVisible();
    await use(page);
  },
});

/** No serious or critical axe violations inside the open dialog (or the page). */
async function expectAccessible(page: Page, what: string, include?: string): Promise<void> {
  const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const result = await (include ? axe.include(include) : axe).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
}

const read = (root: string, rel: string) => readFile(join(root, rel), 'utf8').catch(() => null);

test('one-click auto-caption: tags + sentences in one line per image, captioned images skipped, one undo', async ({ app: page, served, llm, tagger }) => {
  await page.getByRole('button', { name: 'Auto-caption…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-caption' });
  await dialog.getByRole('combobox', { name: 'Tagger model' }).selectOption({ label: 'Local folder…' });
  await dialog.getByRole('textbox', { name: 'Model folder' }).fill(tagger);
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
  // A batch replace never starts without the confirmation.
  await page.getByRole('button', { name: 'Auto-caption…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-caption' });
  await dialog.getByRole('radio', { name: 'Replace captions' }).check();
  await expect(dialog.getByRole('button', { name: 'Start' })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: 'I understand existing captions will be replaced' }).check();
  await expect(dialog.getByRole('button', { name: 'Start' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A re-caption shows its result for Accept before writing: that is its confirmation.
  await page.getByRole('option', { name: /cyan\.png/ }).click();
  await page.getByRole('button', { name: 'Re-caption' }).click();
  await dialog.getByRole('checkbox', { name: 'Use WD14 tagger' }).uncheck();
  await dialog.getByRole('checkbox', { name: 'Use vision LLM' }).check();
  await dialog.getByRole('textbox', { name: 'Server URL' }).fill(llm.openaiBase);
  await dialog.getByRole('combobox', { name: 'Model name' }).fill('fake-vlm');
  await expect(dialog.getByRole('radio', { name: 'Replace captions' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'I understand existing captions will be replaced' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Start' }).click();

  const panel = page.getByRole('region', { name: 'Auto-caption job' });
  await expect(panel).toContainText(/finished/i, { timeout: 30_000 });
  await panel.getByText(/^Failures \(1\)/).click();
  await expect(panel.getByRole('list', { name: 'Failures' })).toContainText('refused');
  await shot(page, 'autocaption-failure');
  expect(await read(served.root, 'cyan.txt')).toBe('hand written caption\n');

  // Retry: the server answers now; the result is a re-caption's, shown for Accept before it is written.
  await panel.getByRole('button', { name: 'Retry failed' }).click();
  await expect(panel.getByRole('button', { name: 'Accept' })).toBeVisible({ timeout: 30_000 });
  expect(await read(served.root, 'cyan.txt')).toBe('hand written caption\n');
  await panel.getByRole('button', { name: 'Accept' }).click();
  await expect.poll(() => read(served.root, 'cyan.txt'), { timeout: 30_000 }).not.toBe('hand written caption\n');
  expect(parseCaption((await read(served.root, 'cyan.txt'))!).prose).not.toBe('');
});

test('an LLM URL that came with the dataset is shown and confirmed once; a typed URL needs no confirmation', async ({ page, served, llm }) => {
  // The dataset arrives with an LLM URL in its settings.json, as a shared folder would.
  const shared = { useTagger: false, useLlm: true, llm: { api: 'openai' as const, baseUrl: llm.openaiBase, model: 'fake-vlm' } };
  await call(served, 'settings.update', { patch: { autoCaption: shared } });
  await page.goto(served.url);
  await expect(page.getByRole('listbox', { name: 'Images' })).toBeVisible();

  await page.getByRole('button', { name: 'Auto-caption…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-caption' });
  const notice = dialog.getByRole('group', { name: 'Server URL from the dataset' });
  await expect(notice).toContainText('came with the dataset');
  const confirm = notice.getByRole('checkbox', { name: `Send images to ${llm.openaiBase}` });
  await expect(confirm).not.toBeChecked();
  await expect(dialog.getByRole('button', { name: 'Start' })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Test connection' })).toBeDisabled();
  await expect(dialog.getByText('Confirm the server URL that came with the dataset, or type another.')).toBeVisible();
  await shot(page, 'autocaption-confirm-url');
  // The backend refuses it too, whoever asks, naming the URL.
  await expect(call(served, 'llm.check', { llm: shared.llm })).rejects.toThrow(`the LLM server URL ${llm.openaiBase} came with this dataset`);

  await confirm.check();
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByRole('status')).toContainText('fake-vlm available');
  await dialog.getByRole('button', { name: 'Start' }).click();
  const panel = page.getByRole('region', { name: 'Auto-caption job' });
  await expect(panel).toContainText(/finished/i, { timeout: 30_000 });
  expect(llm.requests).toHaveLength(3);
  expect(await read(served.root, 'red.txt')).not.toBeNull();

  // Confirmed once: the next dialog asks no more (the per-user config file remembers this dataset + URL).
  await page.getByRole('button', { name: 'Auto-caption…' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Server URL' })).toHaveValue(llm.openaiBase);
  await expect(dialog.getByRole('button', { name: 'Test connection' })).toBeEnabled();
  await expect(notice).toHaveCount(0);
  const config = JSON.parse((await read(served.configDir, 'config.json'))!) as { llm: { confirmed: Array<{ baseUrl: string }> } };
  expect(config.llm.confirmed.map((c) => c.baseUrl)).toEqual([llm.openaiBase]);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Another URL in the settings asks again; typing it in the field is confirmation enough.
  const other = llm.openaiBase.replace('127.0.0.1', 'localhost');
  await call(served, 'settings.update', { patch: { autoCaption: { ...shared, llm: { ...shared.llm, baseUrl: other } } } });
  await page.getByRole('button', { name: 'Auto-caption…' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Server URL' })).toHaveValue(other);
  await expect(notice.getByRole('checkbox', { name: `Send images to ${other}` })).toBeVisible();
  // Retyped: a fill with the same text fires no change, as a person's typing would.
  await dialog.getByRole('textbox', { name: 'Server URL' }).fill('');
  await dialog.getByRole('textbox', { name: 'Server URL' }).fill(other);
  await expect(notice).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByRole('status')).toContainText('fake-vlm available');
});

test.describe('pickers, counts and the re-caption review', () => {
  // red: no caption; green: only the trigger word (counts as uncaptioned); blue and cyan: captioned.
  test.use({
    captions: { 'green.txt': 'ohwx\n', 'blue.txt': 'ohwx, 1girl, solo\n', 'cyan.txt': 'hand written caption\n' },
    triggerWords: ['ohwx'],
  });

  test('tagger list with sizes and cache state, LLM models from the server, counts that follow the merge mode', async ({ app: page, served, llm, tagger }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('button', { name: 'Auto-caption…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Auto-caption' });

    // Every known tagger, the cached one marked downloaded with its real size, the rest with their download size.
    const picker = dialog.getByRole('combobox', { name: 'Tagger model' });
    await expect(picker.locator('option', { hasText: CACHED_MODEL })).toHaveText(/^wd-vit-tagger-v3 — downloaded, \d+(\.\d)? (B|KB)$/);
    const labels = await picker.locator('option').allTextContents();
    expect(labels).toEqual(expect.arrayContaining([
      'wd-swinv2-tagger-v3 — ≈470 MB download',
      'wd-eva02-large-tagger-v3 — ≈1.3 GB download',
      'wd-v1-4-moat-tagger-v2 — ≈330 MB download',
      'Local folder…',
    ]));
    expect(labels).toHaveLength(11);
    await picker.selectOption(CACHED_MODEL);
    await expect(dialog.getByText(/^In the Hugging Face cache: .*models--SmilingWolf--wd-vit-tagger-v3/)).toBeVisible();
    await picker.selectOption({ label: 'Local folder…' });
    await dialog.getByRole('textbox', { name: 'Model folder' }).fill(tagger);
    await picker.selectOption(CACHED_MODEL);
    await expect(dialog.getByRole('textbox', { name: 'Model folder' })).toHaveCount(0);

    // Test connection fills an empty model name with the server's first model and offers all of them.
    await dialog.getByRole('checkbox', { name: 'Use vision LLM' }).check();
    await dialog.getByRole('textbox', { name: 'Server URL' }).fill(llm.openaiBase);
    const model = dialog.getByRole('combobox', { name: 'Model name' });
    await model.fill('');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('status')).toContainText('3 models, fake-vlm available');
    await expect(model).toHaveValue('fake-vlm');
    await model.click();
    const choices = page.getByRole('listbox', { name: 'Model name choices' });
    await expect(choices.getByRole('option')).toHaveText(SERVER_MODELS);
    await shot(page, 'autocaption-pickers-1280');
    await model.press('ArrowDown');
    await model.press('Enter');
    await expect(model).toHaveValue('joycaption-beta-one');
    await expect(choices).toBeHidden();
    // Escape closes an open list, not the dialog.
    await model.press('ArrowDown');
    await expect(choices).toBeVisible();
    await model.press('Escape');
    await expect(choices).toBeHidden();
    await expect(dialog).toBeVisible();

    // Ollama lists its models under /api/tags.
    await dialog.getByRole('combobox', { name: 'API' }).selectOption('ollama');
    await dialog.getByRole('textbox', { name: 'Server URL' }).fill(llm.url);
    await model.fill('');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('status')).toContainText(/^Connected to Ollama at .*: 3 models, fake-vlm available/);
    await expect(model).toHaveValue('fake-vlm');
    await page.setViewportSize({ width: 2560, height: 1440 });
    await model.click();
    await expect(choices).toBeVisible();
    await shot(page, 'autocaption-pickers-2560');
    await model.press('Escape');
    await page.setViewportSize({ width: 1280, height: 720 });
    await dialog.getByRole('checkbox', { name: 'Use vision LLM' }).uncheck();

    // The scope counts what the job would caption: red and the trigger-only green in skip mode.
    const scope = dialog.getByRole('radiogroup', { name: 'Images' });
    await expect(scope.getByRole('radio', { name: 'All (2 of 4)' })).toBeChecked();
    await expect(scope).toContainText('2 images will be captioned; 2 with a caption are skipped.');
    await dialog.getByRole('radio', { name: 'Add new tags only' }).check();
    await expect(scope.getByRole('radio', { name: 'All (4)' })).toBeChecked();
    await dialog.getByRole('radio', { name: 'Skip captioned images' }).check();
    await expectAccessible(page, 'auto-caption dialog', '[role="dialog"]');

    // The job takes exactly those two, with the tagger resolved from the hub cache.
    await dialog.getByRole('button', { name: 'Start' }).click();
    const panel = page.getByRole('region', { name: 'Auto-caption job' });
    await expect(panel).toContainText(/finished/i, { timeout: 30_000 });
    await expect(panel).toContainText('2 of 2');
    await expect(panel).toContainText('2 skipped');
    expect(parseCaption((await read(served.root, 'red.txt'))!).tags).toContain('red background');
    const green = parseCaption((await read(served.root, 'green.txt'))!);
    expect(green.tags[0]).toBe('ohwx');
    expect(green.tags).toContain('green background');
    expect(await read(served.root, 'blue.txt')).toBe('ohwx, 1girl, solo\n');
    expect(await read(served.root, 'cyan.txt')).toBe('hand written caption\n');
  });

  test('a re-caption waits for Accept or Discard: Discard writes nothing, Accept writes it as one undo step', async ({ app: page, served }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const history = async () => (await call(served, 'history.get', {})).entries.length;
    const before = await history();
    const recaption = async () => {
      await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: /cyan\.png/ }).click();
      await page.getByRole('button', { name: 'Re-caption' }).click();
      const dialog = page.getByRole('dialog', { name: 'Auto-caption' });
      await dialog.getByRole('combobox', { name: 'Tagger model' }).selectOption(CACHED_MODEL);
      await expect(dialog.getByRole('radio', { name: 'Only cyan.png' })).toBeChecked();
      await expect(dialog.getByRole('note')).toHaveText('The new caption is shown with Accept and Discard before anything is written.');
      await dialog.getByRole('button', { name: 'Start' }).click();
      const panel = page.getByRole('region', { name: 'Auto-caption job' });
      await expect(panel.getByRole('button', { name: 'Accept' })).toBeVisible({ timeout: 30_000 });
      return panel;
    };

    let panel = await recaption();
    await expect(panel).toContainText('Auto-caption: Review the new caption');
    const proposal = panel.getByRole('list', { name: 'New caption to review' });
    await expect(proposal).toContainText('cyan.txt');
    await expect(proposal).toContainText('hand written caption');
    await expect(proposal.locator('ins')).not.toHaveCount(0);
    await expectAccessible(page, 'job panel with a proposal', '[aria-label="Auto-caption job"]');
    await shot(page, 'autocaption-review-1280');
    await page.setViewportSize({ width: 2560, height: 1440 });
    await shot(page, 'autocaption-review-2560');
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await read(served.root, 'cyan.txt')).toBe('hand written caption\n');
    expect(await history()).toBe(before);

    await panel.getByRole('button', { name: 'Discard' }).click();
    await expect(panel).toBeHidden();
    expect(await read(served.root, 'cyan.txt')).toBe('hand written caption\n');
    expect(await history()).toBe(before);

    panel = await recaption();
    const shown = await panel.getByRole('list', { name: 'New caption to review' }).locator('.ac-review-line').nth(1).innerText();
    await panel.getByRole('button', { name: 'Accept' }).click();
    await expect(panel).toContainText(/finished/i);
    const written = (await read(served.root, 'cyan.txt'))!;
    // What was shown is what was written (line 1; the file's trailing newline is kept).
    expect(`New${written}`.replace(/\s+/g, ' ').trim()).toBe(shown.replace(/\s+/g, ' ').trim());
    expect(parseCaption(written).tags[0]).toBe('ohwx');
    expect(await history()).toBe(before + 1);

    await panel.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => read(served.root, 'cyan.txt')).toBe('hand written caption\n');
  });

  test('the dialog shows the rendered prompt for the selected image; presets, tags, max tokens and context size follow the form', async ({ app: page, llm }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('listbox', { name: 'Images' }).getByRole('option', { name: /blue\.png/ }).click();
    await page.getByRole('button', { name: 'Auto-caption…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Auto-caption' });
    await dialog.getByRole('checkbox', { name: 'Use WD14 tagger' }).uncheck();
    await dialog.getByRole('checkbox', { name: 'Use vision LLM' }).check();
    await dialog.getByRole('textbox', { name: 'Server URL' }).fill(llm.openaiBase);
    await dialog.getByRole('combobox', { name: 'Model name' }).fill('fake-vlm');

    // The default preset, with the image's caption tags standing in for the tagger's (the trigger word left out).
    const prompt = dialog.getByRole('textbox', { name: 'Prompt for blue.png' });
    await expect(prompt).toHaveJSProperty('readOnly', true);
    await dialog.getByRole('checkbox', { name: 'Use WD14 tagger' }).check();
    await expect(prompt).toHaveValue(/^Shortly describe the main subject using simple sentences\./);
    await expect(prompt).toHaveValue(/Tags for reference: 1girl, solo$/);
    await expect(prompt).not.toHaveValue(/ohwx/);
    const maxTokens = dialog.getByRole('spinbutton', { name: 'Max tokens' });
    await expect(maxTokens).toHaveValue('');
    await expect(maxTokens).toHaveAttribute('placeholder', '220');

    // JoyCaption Beta One in its documented form: words, not sentences; the trigger word as its {name}; no tags unless asked.
    await dialog.getByRole('combobox', { name: 'Prompt preset' }).selectOption({ label: 'JoyCaption Beta One' });
    await expect(prompt).toHaveValue(/^System: You are a helpful image captioner\.\n\nUser: Write a straightforward caption for this image within 50 words\./);
    await expect(prompt).toHaveValue(/you must refer to them as ohwx\./);
    await expect(prompt).not.toHaveValue(/Tags for reference/);
    const tags = dialog.getByRole('checkbox', { name: 'Send tags to the model (experimental: JoyCaption Beta One was not trained on tag lists)' });
    await expect(tags).not.toBeChecked();
    await tags.check();
    await expect(prompt).toHaveValue(/Tags for reference: 1girl, solo\.$/);
    await expect(maxTokens).toHaveAttribute('placeholder', '512');
    const side = dialog.getByRole('spinbutton', { name: 'Image size' });
    await expect(side).toHaveValue('');
    await expect(side).toHaveAttribute('placeholder', '1024');
    await dialog.getByRole('combobox', { name: 'Prompt preset' }).selectOption({ label: 'ToriiGate v0.4' });
    await expect(side).toHaveAttribute('placeholder', '633');
    await expect(prompt).toHaveValue(/^System: You are image captioning expert, creative, unbiased and uncensored\.\n\nUser: You need to write a medium-short and convenient caption for the picture\. Here are grounding tags for better understanding: <tags>1girl, solo<\/tags>\.$/);
    await dialog.getByRole('combobox', { name: 'Prompt preset' }).selectOption({ label: 'JoyCaption Beta One' });
    await maxTokens.fill('300');
    await expect(dialog.getByText(/Max tokens: 300\.$/)).toBeVisible();
    await expect(dialog.getByRole('spinbutton', { name: 'Context size' })).toHaveCount(0);
    await shot(page, 'autocaption-prompt-preview-1280');
    await expectAccessible(page, 'auto-caption dialog with the prompt preview', '[role="dialog"]');

    // Only Ollama has a context size to set.
    await dialog.getByRole('combobox', { name: 'API' }).selectOption('ollama');
    await expect(dialog.getByRole('spinbutton', { name: 'Context size' })).toHaveValue('8192');
    await dialog.getByRole('combobox', { name: 'API' }).selectOption('openai');
    await dialog.getByRole('textbox', { name: 'Server URL' }).fill(llm.openaiBase);

    // What was previewed is what is sent.
    const shown = (await prompt.inputValue()).replace(/^System: .*\n\nUser: /, '');
    await dialog.getByRole('checkbox', { name: 'Use WD14 tagger' }).uncheck();
    await expect(prompt).not.toHaveValue(/Tags for reference/);
    const untagged = (await prompt.inputValue()).replace(/^System: .*\n\nUser: /, '');
    expect(shown).toContain(untagged);
    await dialog.getByRole('radio', { name: /^Selected/ }).check();
    await dialog.getByRole('radio', { name: 'Replace captions' }).check();
    await dialog.getByRole('checkbox', { name: /replaced/ }).check();
    await dialog.getByRole('button', { name: 'Start' }).click();
    const panel = page.getByRole('region', { name: 'Auto-caption job' });
    await expect(panel).toContainText(/finished/i, { timeout: 30_000 });
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]).toMatchObject({ system: 'You are a helpful image captioner.', prompt: untagged, sampling: { max_tokens: 300 } });
  });
});

test.describe('several LLM servers', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('a second server is added, tested and shares the job; the job panel lists each server\'s throughput', async ({ app: page, served, llm }) => {
    const second = await startFakeLlmServer({ latencyMs: 50, models: SERVER_MODELS });
    try {
      await page.getByRole('button', { name: 'Auto-caption…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Auto-caption' });
      await dialog.getByRole('checkbox', { name: 'Use WD14 tagger' }).uncheck();
      await dialog.getByRole('checkbox', { name: 'Use vision LLM' }).check();
      await dialog.getByRole('textbox', { name: 'Server URL', exact: true }).fill(llm.openaiBase);
      await dialog.getByRole('combobox', { name: 'Model name' }).fill('fake-vlm');
      await dialog.getByRole('button', { name: 'Add server' }).click();
      await dialog.getByRole('textbox', { name: 'Server 2 URL' }).fill('gpu2:8000');
      await expect(dialog.getByText('Server 2: the URL must start with http:// or https://.')).toBeVisible();
      await expect(dialog.getByRole('button', { name: 'Start' })).toBeDisabled();
      await dialog.getByRole('textbox', { name: 'Server 2 URL' }).fill(second.openaiBase);
      await dialog.getByRole('spinbutton', { name: 'Server 2 concurrency' }).fill('1');
      await dialog.getByRole('button', { name: 'Test server 2' }).click();
      await expect(dialog.getByRole('status')).toContainText(`Connected to OpenAI-compatible server at ${second.openaiBase}`);
      await expectAccessible(page, 'dialog with a second server', '[role="dialog"]');
      await shot(page, 'autocaption-servers-dialog');
      await dialog.getByRole('button', { name: 'Start' }).click();

      const panel = page.getByRole('region', { name: 'Auto-caption job' });
      await expect(panel).toContainText(/finished/i, { timeout: 30_000 });
      const servers = panel.getByRole('list', { name: 'LLM servers' });
      await expect(servers.getByRole('listitem')).toHaveCount(2);
      await expect(servers.getByRole('listitem').nth(1)).toContainText(second.openaiBase);
      await expect(servers).toContainText(/answers? · [\d.,]+\/min/);
      await shot(page, 'autocaption-servers-panel');
      // Three uncaptioned images, each answered once, by one server or the other.
      const answered = [llm, second].map((s) => s.requests.filter((r) => r.status === 200).length);
      expect(answered[0]! + answered[1]!).toBe(3);
      expect(answered[1]).toBeGreaterThan(0);
      // Saved for the dataset beside the main server, without any key.
      const settings = JSON.parse((await read(served.root, '.tagsmith/settings.json'))!) as { autoCaption: { llm: { extraEndpoints: unknown } } };
      expect(settings.autoCaption.llm.extraEndpoints).toEqual([{ baseUrl: second.openaiBase, model: '', concurrency: 1 }]);
    } finally {
      await second.close();
    }
  });
});
