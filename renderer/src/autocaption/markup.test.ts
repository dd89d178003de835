import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { DatasetSettingsSchema } from '../../../shared/settings.ts';
import { useStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { snapshot, image } from '../test-support/store.ts';
import AutoCaptionDialog from './AutoCaptionDialog.tsx';
import JobPanel from './JobPanel.tsx';
import { jobSnapshot } from './test-job.ts';

/*
 * The accessible names the Playwright tests use, checked on the server-rendered markup: every label
 * must exist and point at a control. Renaming one here is a contract change for e2e/.
 */

const decode = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").trim();

/** Label text -> the id it names (for=) or 'wrapped' when the label wraps its control. */
function labels(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<label([^>]*)>([\s\S]*?)<\/label>/g)) {
    const forId = /for="([^"]+)"/.exec(m[1]!)?.[1];
    out.set(decode(m[2]!), forId ?? (/<input/.test(m[2]!) ? 'wrapped' : 'none'));
  }
  return out;
}

const buttons = (html: string) => [...html.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)].map((m) => ({ name: decode(m[2]!), disabled: /\sdisabled=""/.test(m[1]!) }));

/**
 * zustand's hook renders the store's *initial* state on the server (so hydration matches), so the
 * state under test goes into both the initial state object and the current one.
 */
function put(patch: Partial<Store>): void {
  Object.assign(useStore.getInitialState(), patch);
  useStore.setState(patch);
}

beforeEach(() => {
  const snap = snapshot([image('a.png', null), image('b.png', 'x'), image('c.png', 'y')]);
  put({
    autoCaptionDialog: null,
    info: { ...snap.info, settings: DatasetSettingsSchema.parse({ autoCaption: { llm: { model: 'joycaption' } } }) },
    order: ['a.png', 'b.png', 'c.png'],
    filtered: ['a.png', 'b.png', 'c.png'],
    images: Object.fromEntries(snap.images.map((i) => [i.id, i])),
    docs: Object.fromEntries(snap.images.map((i) => [i.id, i.caption === null ? null : parseCaption(i.caption)])),
    drafts: {},
    selected: new Set(['a.png', 'b.png']),
    query: '',
    job: null,
  });
});

describe('auto-caption dialog markup', () => {
  it('names every control the e2e tests use', () => {
    put({ autoCaptionDialog: { imageId: null } });
    const html = renderToStaticMarkup(createElement(AutoCaptionDialog));
    expect(html).toMatch(/<dialog[^>]*aria-label="Auto-caption"/);
    const named = labels(html);
    for (const name of ['Tagger model', 'General threshold', 'Character threshold', 'Exclude tags', 'Tag rules', 'API', 'Server URL', 'Model name', 'Prompt preset', 'Concurrency', 'Focus phrase', 'Context hint', 'Sentences']) {
      const id = named.get(name);
      expect(id, name).toMatch(/./);
      expect(html, name).toContain(` id="${id}"`);
    }
    // Skip mode (the default) counts what the job would caption: only a.png has no caption.
    for (const name of ['Use WD14 tagger', 'MCut thresholds', 'Add rating tag', 'Use vision LLM', 'Selected (1 of 2)', 'Filtered (1 of 3)', 'All (1 of 3)', 'Skip captioned images', 'Add new tags only', 'Replace captions']) {
      expect(named.get(name), name).toBe('wrapped');
    }
    for (const group of ['Images', 'Merge mode']) {
      const legendId = new RegExp(`<legend id="([^"]+)">${group}</legend>`).exec(html)?.[1];
      expect(html).toContain(`role="radiogroup" aria-labelledby="${legendId}"`);
    }
    // The scope starts at the selection (a.png, b.png).
    expect(decode(html)).toContain('1 image will be captioned; 1 with a caption is skipped.');
    expect(decode(html)).toContain('Checking which models are on this machine…');
    // The tagger picker lists the registry (with no disk state before models.list answers) and a folder choice.
    expect(html).toContain('<option value="wd-eva02-large-tagger-v3">wd-eva02-large-tagger-v3</option>');
    expect(html).toContain('<option value="folder">Local folder…</option>');
    expect(html).toContain('role="combobox"');
    expect(html).toContain('role="status"');
    expect(buttons(html)).toEqual(expect.arrayContaining([{ name: 'Test connection', disabled: false }, { name: 'Start', disabled: false }]));
    // The saved API options keep their labels.
    expect(html).toContain('>OpenAI-compatible</option>');
    expect(html).toContain('>Ollama</option>');
  });

  it('fixes a re-caption to its image and, as its result waits for Accept, needs no replace confirmation', () => {
    put({ autoCaptionDialog: { imageId: 'c.png' } });
    const html = renderToStaticMarkup(createElement(AutoCaptionDialog));
    const named = labels(html);
    expect(named.get('Only c.png')).toBe('wrapped');
    expect(named.has('All (1 of 3)')).toBe(false);
    expect(html).toMatch(/<input type="radio" name="ac-mode" checked="" value="replace"\/>/);
    expect(named.has('I understand existing captions will be replaced')).toBe(false);
    expect(decode(html)).toContain('The new caption is shown with Accept and Discard before anything is written.');
    expect(buttons(html)).toContainEqual({ name: 'Start', disabled: false });
  });
});

describe('job panel markup', () => {
  it('shows the progress and the ways out of a paused job', () => {
    put({ job: jobSnapshot({ state: 'paused', total: 40, done: 9, failed: 3, failures: [{ id: 'a.png', stage: 'tag', message: 'bad file' }] }), dismissedJobId: null });
    const html = renderToStaticMarkup(createElement(JobPanel));
    expect(html).toMatch(/<section[^>]*aria-label="Auto-caption job"/);
    expect(html).toMatch(/role="progressbar" aria-label="Auto-caption progress" aria-valuemin="0" aria-valuemax="40" aria-valuenow="12"/);
    expect(buttons(html).map((b) => b.name)).toEqual(['Resume', 'Save finished results', 'Discard', 'a.png']);
    expect(decode(html)).toContain('Failures (1)');
    expect(html).toContain('<ul aria-label="Failures">');
  });

  it('shows a re-caption’s proposal as text, with Accept and Discard', () => {
    const proposal = [{ id: 'c.png', captionPath: 'c.txt', before: 'y', after: 'ohwx, <b>red</b>, 1girl' }];
    put({ job: jobSnapshot({ state: 'paused', total: 1, done: 1, review: true, proposal }), dismissedJobId: null });
    const html = renderToStaticMarkup(createElement(JobPanel));
    expect(buttons(html).map((b) => b.name)).toEqual(['Accept', 'Discard']);
    expect(decode(html)).toContain('Auto-caption: Review the new caption');
    expect(html).toContain('<ul class="ac-review" aria-label="New caption to review">');
    // Untrusted text stays text.
    expect(html).toContain('&lt;b&gt;red&lt;/b&gt;');
    expect(html).not.toContain('<b>red</b>');
  });

  it('renders nothing without a job or once dismissed', () => {
    put({ job: null });
    expect(renderToStaticMarkup(createElement(JobPanel))).toBe('');
    put({ job: jobSnapshot({ state: 'finished' }), dismissedJobId: 'job-1' });
    expect(renderToStaticMarkup(createElement(JobPanel))).toBe('');
  });
});
