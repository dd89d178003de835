import { describe, expect, it } from 'vitest';
import type { Api, Channel, RequestOf, ResponseOf, Transport } from '../../../shared/contract/index.ts';
import type { LintReport } from '../../../shared/lint/types.ts';
import { err, ok, type AppError, type Result } from '../../../shared/result.ts';
import { DatasetSettingsSchema, type DatasetSettings } from '../../../shared/settings.ts';
import { finding, lintReport } from '../lint/test-report.ts';
import { image, makeStore, snapshot } from '../test-support/store.ts';
import { lintMarksOf } from './lint.ts';

type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<Result<ResponseOf<C>, AppError>>;

/** A backend holding captions and settings; lint answers with whatever `reports` yields next. */
function backend(captions: Record<string, string | null>, reports: (LintReport | AppError)[]) {
  const calls: { channel: Channel; request: unknown }[] = [];
  let settings: DatasetSettings = DatasetSettingsSchema.parse({ triggerWords: ['ohwx'] });
  const history = (head: number) => ({ entries: [], head, canUndo: head > 0, canRedo: false });
  const items = () => Object.entries(captions).map(([id, c]) => image(id, c));
  const handlers: { [C in Channel]?: Handler<C> } = {
    'dataset.snapshot': async () => ok({ ...snapshot(items()), info: { ...snapshot([]).info, settings } }),
    'lint.run': async () => {
      const next = reports.shift();
      if (!next) throw new Error('no report left');
      return 'findings' in next ? ok(next) : err(next);
    },
    'batch.apply': async (req) => {
      const ids = req.target.kind === 'ids' ? req.target.ids : [];
      for (const id of ids) captions[id] = `${captions[id] ?? ''}, fixed`;
      return ok({ entry: null, written: ids.length, conflicts: [], images: ids.map((id) => image(id, captions[id] ?? null)), history: history(1) });
    },
    'settings.update': async (req) => {
      settings = DatasetSettingsSchema.parse({ ...settings, ...req.patch });
      return ok(settings);
    },
  };
  const api = new Proxy({} as Api, {
    get: (_t, channel: Channel) => async (request: unknown) => {
      calls.push({ channel, request });
      const handler = handlers[channel] as Handler<Channel> | undefined;
      if (!handler) throw new Error(`unexpected channel ${channel}`);
      return handler(request as never);
    },
  });
  const transport: Transport = { api, subscribe: () => () => {}, mediaUrl: (id) => id, thumbnailUrl: (id) => id };
  /** Replaces one channel's handler (the calls are still recorded). */
  const override = <C extends Channel>(channel: C, handler: Handler<C>) => {
    (handlers as Record<Channel, unknown>)[channel] = handler;
  };
  return { transport, calls, captions, override, channels: () => calls.map((c) => c.channel) };
}

async function storeOver(b: ReturnType<typeof backend>) {
  const store = makeStore();
  store.getState().setTransport(b.transport);
  await store.getState().load();
  return store;
}

const captions = () => ({ 'a.png': 'ohwx, smile, smile', 'b.png': 'ohwx, smile', 'c.png': 'smile, ohwx' });

describe('lint slice', () => {
  it('opens the panel and runs once; the report yields per-image marks and its basis', async () => {
    const report = lintReport([finding('repeated-tag', ['a.png'], 'info'), finding('trigger-not-first', ['c.png'], 'error')]);
    const b = backend(captions(), [report]);
    const store = await storeOver(b);
    store.getState().openLint();
    expect(store.getState().lintRun.kind).toBe('running');
    await vitestFlush(() => store.getState().lintRun.kind !== 'running');
    const s = store.getState();
    expect(s.lintOpen).toBe(true);
    expect(s.lintReport).toBe(report);
    expect(s.lintRoot).toBe('/data/set');
    expect(s.lintBasis).toBe(s.images);
    expect(lintMarksOf(s).get('a.png')).toEqual({ severity: 'info', rules: ['Repeated tags'] });
    expect(lintMarksOf(s).get('c.png')?.severity).toBe('error');
    expect(b.calls.find((c) => c.channel === 'lint.run')?.request).toEqual({ images: true });
    // Re-opening with a report for this dataset does not run again.
    store.getState().closeLint();
    store.getState().openLint();
    expect(b.channels().filter((c) => c === 'lint.run')).toHaveLength(1);
  });

  it('keeps the old report and shows why when a run fails; sends the duplicate-picture choice', async () => {
    const report = lintReport([finding('empty', ['b.png'], 'error')]);
    const b = backend(captions(), [report, { kind: 'internal', message: 'hashing failed' }]);
    const store = await storeOver(b);
    await store.getState().runLint();
    store.getState().setLintImages(false);
    await store.getState().runLint();
    expect(store.getState().lintRun).toEqual({ kind: 'failed', message: 'hashing failed' });
    expect(store.getState().lintReport).toBe(report);
    expect(b.calls.filter((c) => c.channel === 'lint.run').map((c) => c.request)).toEqual([{ images: true }, { images: false }]);
  });

  it('drops the answer of a run that a newer run replaced', async () => {
    const first = lintReport([finding('empty', ['a.png'])]);
    const second = lintReport([finding('filler', ['b.png'])]);
    const b = backend(captions(), []);
    const store = await storeOver(b);
    // The first run's answer arrives last (a slow hashing pass), after the second run's.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const answers = [gate.then(() => ok(first)), Promise.resolve(ok(second))];
    b.override('lint.run', () => answers.shift()!);
    const older = store.getState().runLint();
    await store.getState().runLint();
    expect(store.getState().lintReport).toBe(second);
    release();
    await older;
    expect(store.getState().lintReport).toBe(second);
    expect(store.getState().lintRun.kind).toBe('idle');
  });

  it('applies a fix as one batch on its ids, merges the result, then lints again', async () => {
    const before = lintReport([finding('repeated-tag', ['a.png'], 'info')]);
    const after = lintReport([]);
    const b = backend(captions(), [before, after]);
    const store = await storeOver(b);
    await store.getState().runLint();
    const res = await store.getState().applyLintFix({ label: 'Remove repeated tags', ops: [{ op: 'dedupe' }], ids: ['a.png'] });
    expect(res).toEqual({ ok: true, value: 'Remove repeated tags: Changed 1 caption; Ctrl+Z to undo' });
    const apply = b.calls.filter((c) => c.channel === 'batch.apply');
    expect(apply.map((c) => c.request)).toEqual([{ target: { kind: 'ids', ids: ['a.png'] }, ops: [{ op: 'dedupe' }], label: 'Remove repeated tags' }]);
    const s = store.getState();
    expect(s.images['a.png']?.caption).toBe('ohwx, smile, smile, fixed');
    expect(s.history.head).toBe(1);
    expect(s.lintReport).toBe(after);
    expect(lintMarksOf(s).size).toBe(0);
    expect(b.channels().slice(-2)).toEqual(['batch.apply', 'lint.run']);
  });

  it('does not re-run lint when the fix is refused', async () => {
    const b = backend(captions(), [lintReport([])]);
    const store = await storeOver(b);
    b.override('batch.apply', async () => err({ kind: 'conflict', message: 'changed on disk' }));
    const res = await store.getState().applyLintFix({ label: 'Add "low angle"', ops: [{ op: 'add', tags: ['low angle'], at: 'end' }], ids: ['b.png'] });
    expect(res).toEqual({ ok: false, error: { kind: 'conflict', message: 'changed on disk' } });
    expect(store.getState().lastMessage).toBe('Add "low angle": changed on disk');
    expect(b.channels()).toEqual(['dataset.snapshot', 'batch.apply']);
  });

  it('silences a rule in the dataset settings and hides its marks; letting it speak again re-runs when needed', async () => {
    const report = lintReport([finding('repeated-tag', ['a.png'], 'info'), finding('filler', ['b.png'], 'info')]);
    const b = backend(captions(), [report, lintReport([finding('identical', ['a.png', 'b.png'])])]);
    const store = await storeOver(b);
    await store.getState().runLint();
    expect(await store.getState().silenceRule('repeated-tag', true)).toEqual({ ok: true, value: undefined });
    const update = b.calls.find((c) => c.channel === 'settings.update')?.request as { patch: { lint: { disabled: string[]; clipBudget: number } } };
    expect(update.patch.lint).toMatchObject({ disabled: ['repeated-tag'], clipBudget: 75 });
    expect(store.getState().info?.settings.lint.disabled).toEqual(['repeated-tag']);
    expect(lintMarksOf(store.getState()).has('a.png')).toBe(false);
    // Still in the report: no new run needed to show it again.
    await store.getState().silenceRule('repeated-tag', false);
    expect(lintMarksOf(store.getState()).has('a.png')).toBe(true);
    expect(b.channels().filter((c) => c === 'lint.run')).toHaveLength(1);
    // Not in the report (the run skipped it): letting it speak again runs lint.
    await store.getState().silenceRule('identical', true);
    await store.getState().silenceRule('identical', false);
    expect(b.channels().filter((c) => c === 'lint.run')).toHaveLength(2);
    expect(store.getState().lintReport?.findings[0]?.rule).toBe('identical');
  });
});

/** Waits (microtasks only, no timers) until `done` holds. */
async function vitestFlush(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await Promise.resolve();
  expect(done()).toBe(true);
}
