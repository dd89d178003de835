// `npm run bench:ui`: the editor with a generated 10,000-image dataset in Debian's Chromium.
// Figures, not a timed test: grid DOM size, filter repaint, add-tag keystroke latency, PageDown to the
// next image's chips, list-view scroll frames, the keyboard cost of the tagging loop, and heap. Input
// latency is measured from the real keydown to the frame after it (a rAF, then a task after paint).
// Each latency is also given as a ratio to a reference measured side by side: the same interaction
// on a 100-image dataset (filter, PageDown), a plain <input> on an empty page (keystroke), and the
// grid view scrolled the same way (list scrolling).
import { chromium, type Page } from '@playwright/test';
import { serveDataset } from '../e2e/support/server.ts';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** A generated dataset of `count` images behind its own `tagsmith serve` (and per-user config). */
const serve = (count: number) => serveDataset({ count, uncaptioned: Math.floor(count / 50) });

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

/**
 * PageDown from the "Add tag" box, `n` times: from the keydown to the first task after the frame in
 * which the next image's panel shows its chips (then they take clicks and keys). Page code as text:
 * this file is type-checked without DOM types.
 */
async function pageDownLatency(page: Page, n: number): Promise<number[]> {
  await page.evaluate(`(() => {
    window.__pd = [];
    const label = () => document.querySelector('section[aria-label^="Caption of "]')?.getAttribute('aria-label');
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'PageDown' || e.ctrlKey) return;
      const t0 = performance.now();
      const before = label();
      const check = () => {
        const region = document.querySelector('section[aria-label^="Caption of "]');
        if (region && label() !== before && region.querySelector('[data-chip]')) setTimeout(() => window.__pd.push(performance.now() - t0), 0);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }, { capture: true });
  })()`);
  await page.getByRole('combobox', { name: 'Add tag' }).focus();
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('PageDown');
    // Polled with evaluate: the page's CSP forbids waitForFunction's string eval.
    while ((await page.evaluate<number>('window.__pd.length')) < i + 1) await page.waitForTimeout(5);
    await page.waitForTimeout(40);
  }
  return page.evaluate<number[]>('window.__pd');
}

/** Frame times while the image list scrolls 240 px a frame (rAF to rAF), over 150 frames. */
async function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate<number[]>(`new Promise((resolve) => {
    const el = document.querySelector('[role=listbox][aria-label=Images]');
    el.scrollTop = 0;
    const times = [];
    let last = performance.now();
    let i = 0;
    const step = () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
      el.scrollTop += 240;
      if (++i < 150) requestAnimationFrame(step);
      else resolve(times.slice(1));
    };
    requestAnimationFrame(step);
  })`);
}

/**
 * The loop as a trainer runs it, from the keyboard: 3 letters, Enter (takes the highlighted
 * suggestion), PageDown, over `n` images. Counts the keys, and the time from an image's first key
 * to the next image's chips showing.
 */
async function keyboardLoop(page: Page, n: number): Promise<{ keys: number; perImage: number[] }> {
  await page.getByRole('combobox', { name: 'Add tag' }).focus();
  let keys = 0;
  const perImage: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = Date.now();
    const before = await page.locator('section[aria-label^="Caption of "]').getAttribute('aria-label');
    for (const key of ['t', 'w', 'i', 'Enter', 'PageDown']) {
      keys++;
      await page.keyboard.press(key);
    }
    while ((await page.locator('section[aria-label^="Caption of "]').getAttribute('aria-label')) === before) await page.waitForTimeout(5);
    perImage.push(Date.now() - t0);
  }
  return { keys, perImage };
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
  const pageDown10k = await pageDownLatency(page, 40);
  const loop = await keyboardLoop(page, 20);
  const gridFrames = await scrollFrames(page);
  await page.getByRole('button', { name: 'List view' }).click();
  await page.getByRole('listbox', { name: 'Images' }).waitFor();
  await page.waitForTimeout(500);
  const listFrames = await scrollFrames(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

  const ref = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await ref.goto(small.url);
  await ref.getByRole('option').first().waitFor();
  await installProbe(ref);
  const filter100 = await filterLatency(ref);
  await ref.getByRole('option').first().click();
  const pageDown100 = await pageDownLatency(ref, 40);
  await ref.setContent('<input aria-label="plain">');
  await installProbe(ref);
  const keysPlain = await keystrokeLatency(ref, ref.getByRole('textbox', { name: 'plain' }));

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`grid DOM with 10,000 images: ${dom.options} option elements, ${dom.elements} elements on the page (bounded by the viewport)`);
  console.log(`filter change to next frame, 10,000 images: median ${ms(median(filter10k))}, p95 ${ms(p95(filter10k))} (budget 100 ms); ${(median(filter10k) / median(filter100)).toFixed(2)}x the same on 100 images (${ms(median(filter100))})`);
  console.log(`Add tag keystroke to next frame, 10,000 images: median ${ms(median(keys10k))}, p95 ${ms(p95(keys10k))} (budget 16 ms); ${(median(keys10k) / median(keysPlain)).toFixed(2)}x a plain <input> on an empty page (${ms(median(keysPlain))})`);
  console.log(`PageDown to the next image's chips, 10,000 images: median ${ms(median(pageDown10k))}, p95 ${ms(p95(pageDown10k))} (budget 50 ms); ${(median(pageDown10k) / median(pageDown100)).toFixed(2)}x the same on 100 images (${ms(median(pageDown100))})`);
  console.log(`list view scroll, 10,000 images, 240 px a frame: frame time median ${ms(median(listFrames))}, p95 ${ms(p95(listFrames))}; ${(median(listFrames) / median(gridFrames)).toFixed(2)}x the grid scrolled the same way (${ms(median(gridFrames))}, p95 ${ms(p95(gridFrames))})`);
  console.log(`keyboard loop (3 letters, Enter, PageDown) over ${loop.perImage.length} images: ${(loop.keys / loop.perImage.length).toFixed(1)} keys and 0 clicks per tagged image; median ${ms(median(loop.perImage))} per image from first key to the next image's chips (Playwright key pacing included)`);
  console.log(`renderer heap after GC: ${(heap.usedSize / 1024 / 1024).toFixed(1)} MB (budget 150 MB)`);
} finally {
  await browser.close();
  await big.stop();
  await small.stop();
}
