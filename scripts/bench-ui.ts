// `npm run bench:ui`: the editor with a generated 10,000-image dataset in Debian's Chromium.
// Figures, not a timed test: grid DOM size, filter repaint, add-tag keystroke latency and heap. Input
// latency is measured from the real keydown to the frame after it (a rAF, then a task after paint).
// Each latency is also given as a ratio to a reference measured side by side: the same interaction
// on a 100-image dataset (filter), and a plain <input> on an empty page (keystroke).
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDataset } from '../e2e/support/dataset.ts';

const TAGSMITH = fileURLToPath(new URL('../bin/tagsmith', import.meta.url));
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

async function serve(count: number) {
  const root = await mkdtemp(join(tmpdir(), 'tagsmith-bench-ui-'));
  await makeDataset(root, { count, uncaptioned: Math.floor(count / 50) });
  const child = spawn(TAGSMITH, ['serve', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return { url, stop: async () => { child.kill('SIGTERM'); await rm(root, { recursive: true, force: true }); } };
}

/** Installs a probe: every keydown records the time until the first task after the next frame. */
async function installProbe(page: Page) {
  await page.evaluate(() => {
    const w = globalThis as unknown as BrowserGlobals;
    w.__lat = [];
    w.document.addEventListener('keydown', () => {
      const t0 = performance.now();
      w.requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t0), 0));
    }, { capture: true });
  });
}
// This file is type-checked without DOM types (it runs in Node); the page side is described here.
interface BrowserGlobals {
  __lat: number[];
  document: { addEventListener(type: string, fn: () => void, opts: object): void; querySelectorAll(s: string): { length: number }; getElementsByTagName(s: string): { length: number } };
  requestAnimationFrame(fn: () => void): void;
}
const latencies = (page: Page) => page.evaluate(() => (globalThis as unknown as BrowserGlobals).__lat.splice(0));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN;

async function filterLatency(page: Page): Promise<number[]> {
  const filter = page.getByRole('searchbox', { name: 'Filter' });
  const out: number[] = [];
  for (const q of ['tag:kneeling', 'text:red', '-tag:"low angle" AND sentences>1', 'tag:*hair OR tag:solo', '']) {
    await filter.fill(q);
    await page.waitForTimeout(300); // let the debounced apply of the fill settle
    await filter.fill(q === '' ? 'tag:solo' : '');
    await page.waitForTimeout(300);
    await filter.fill(q);
    await latencies(page);
    await filter.press('Enter');
    await page.waitForTimeout(200);
    out.push(...(await latencies(page)));
  }
  return out;
}

async function keystrokeLatency(page: Page, input: ReturnType<Page['getByRole']>): Promise<number[]> {
  await input.click();
  await latencies(page);
  for (const ch of 'long hair ribbon') {
    await page.keyboard.type(ch);
    await page.waitForTimeout(30);
  }
  const out = await latencies(page);
  await input.fill('');
  return out;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
const big = await serve(10_000);
const small = await serve(100);
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(big.url);
  await page.getByRole('option').first().waitFor();
  await installProbe(page);
  const dom = await page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    return { options: document.querySelectorAll('[role=option]').length, elements: document.getElementsByTagName('*').length };
  });

  const filter10k = await filterLatency(page);
  await page.getByRole('option').first().click();
  const keys10k = await keystrokeLatency(page, page.getByRole('combobox', { name: 'Add tag' }));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

  const ref = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await ref.goto(small.url);
  await ref.getByRole('option').first().waitFor();
  await installProbe(ref);
  const filter100 = await filterLatency(ref);
  await ref.setContent('<input aria-label="plain">');
  await installProbe(ref);
  const keysPlain = await keystrokeLatency(ref, ref.getByRole('textbox', { name: 'plain' }));

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`grid DOM with 10,000 images: ${dom.options} option elements, ${dom.elements} elements on the page (bounded by the viewport)`);
  console.log(`filter change to next frame, 10,000 images: median ${ms(median(filter10k))}, p95 ${ms(p95(filter10k))} (budget 100 ms); ${(median(filter10k) / median(filter100)).toFixed(2)}x the same on 100 images (${ms(median(filter100))})`);
  console.log(`Add tag keystroke to next frame, 10,000 images: median ${ms(median(keys10k))}, p95 ${ms(p95(keys10k))} (budget 16 ms); ${(median(keys10k) / median(keysPlain)).toFixed(2)}x a plain <input> on an empty page (${ms(median(keysPlain))})`);
  console.log(`renderer heap after GC: ${(heap.usedSize / 1024 / 1024).toFixed(1)} MB (budget 150 MB)`);
} finally {
  await browser.close();
  await big.stop();
  await small.stop();
}
