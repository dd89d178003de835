import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract/api.ts';
import { defaultPrefs } from '../../shared/prefs/prefs.ts';
import { sessionFreeHandlers } from '../core/handlers/index.ts';
import { whenReady } from './ready-calls.ts';

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-ready-')));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The whole map, still being made (the start folder is being read), and how to finish it. */
function pending() {
  let finish: (h: Handlers) => void = () => {};
  const later = new Promise<Handlers>((resolve) => (finish = resolve));
  return { later, finish };
}

describe('whenReady (the desktop app while its start folder is read)', () => {
  it('answers the per-user channels at once and the dataset ones once the folder is open', async () => {
    const configFile = path.join(dir, 'config.json');
    const warnings: string[] = [];
    const { later, finish } = pending();
    const call = whenReady(sessionFreeHandlers({ allowOpen: true, configFile }, (m) => warnings.push(m)), later);

    expect(await call('prefs.get', {})).toEqual({ ok: true, value: defaultPrefs() });
    expect(await call('prefs.update', { patch: { thumbSize: 220 } })).toMatchObject({ ok: true, value: { editor: { thumbSize: 220 } } });
    expect(await call('recent.list', {})).toEqual({ ok: true, value: { canOpen: true, folders: [] } });
    // Validated through the contract as any call.
    expect(await call('prefs.update', { patch: { thumbSize: 10_000 } })).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });

    let answered = false;
    const history = call('history.get', {}).then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    finish({ 'history.get': async () => ({ entries: [], head: 0, canUndo: false, canRedo: false }) } as unknown as Handlers);
    expect(await history).toEqual({ ok: true, value: { entries: [], head: 0, canUndo: false, canRedo: false } });
    expect(warnings).toEqual([]);
  });

  it('a broken config file gives the defaults at once and says why once', async () => {
    const configFile = path.join(dir, 'config.json');
    fs.writeFileSync(configFile, '{ not json');
    const warnings: string[] = [];
    const call = whenReady(sessionFreeHandlers({ allowOpen: true, configFile }, (m) => warnings.push(m)), pending().later);
    expect(await call('prefs.get', {})).toEqual({ ok: true, value: defaultPrefs() });
    expect(await call('prefs.get', {})).toEqual({ ok: true, value: defaultPrefs() });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(configFile);
  });
});
