import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPrefs } from '../../../shared/prefs/prefs.ts';
import { PNG } from '../dataset/test-fixtures.ts';
import { openTestSession, tempDir } from './test-session.ts';

const FILES = { 'a.png': PNG };

describe('prefs.get / prefs.update', () => {
  it('gives the defaults before anything was saved, without creating the file', async () => {
    const t = await openTestSession(FILES);
    expect(await t.value('prefs.get')).toEqual(defaultPrefs());
    expect(fs.existsSync(t.configFile)).toBe(false);
  });

  it('saves a patch to the config file and reads it back', async () => {
    const t = await openTestSession(FILES);
    const updated = await t.value('prefs.update', { patch: { viewMode: 'list', layouts: { 'grid+detail': { grid: 65, detail: 35 } } } });
    expect(updated.editor).toMatchObject({ viewMode: 'list', layouts: { 'grid+detail': { grid: 65, detail: 35 } } });
    expect(await t.value('prefs.get')).toEqual(updated);
    expect(JSON.parse(fs.readFileSync(t.configFile, 'utf8'))).toEqual(updated);
  });

  it('two handler maps on one file (the desktop app and a serve) see each other', async () => {
    const configFile = path.join(tempDir(), 'tagsmith', 'config.json');
    const app = await openTestSession(FILES, { configFile });
    const web = await openTestSession(FILES, { configFile });
    await app.value('prefs.update', { patch: { thumbSize: 220 } });
    await web.value('prefs.update', { patch: { hidePreview: true } });
    expect((await app.value('prefs.get')).editor).toMatchObject({ thumbSize: 220, hidePreview: true });
  });

  it('validates patches through the contract', async () => {
    const t = await openTestSession(FILES);
    expect(await t.failure('prefs.update', { patch: { thumbSize: 10_000 } })).toMatchObject({ kind: 'invalid-request' });
    expect(await t.failure('prefs.update', { patch: { colour: 'red' } })).toMatchObject({ kind: 'invalid-request' });
    expect(fs.existsSync(t.configFile)).toBe(false);
  });

  it('a broken file: defaults, one warning notice, and updates refused without touching it', async () => {
    const t = await openTestSession(FILES);
    fs.mkdirSync(path.dirname(t.configFile), { recursive: true });
    fs.writeFileSync(t.configFile, '{ "editor": { "viewMode": "list", } }');
    expect(await t.value('prefs.get')).toEqual(defaultPrefs());
    await t.value('prefs.get');
    const notices = t.eventsOf('notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warning' });
    expect(notices[0]!.message).toContain(t.configFile);
    const error = await t.failure('prefs.update', { patch: { viewMode: 'grid' } });
    expect(error.kind).toBe('invalid-settings');
    expect(error.message).toContain(t.configFile);
    expect(error.message).not.toContain('\n');
    expect(fs.readFileSync(t.configFile, 'utf8')).toBe('{ "editor": { "viewMode": "list", } }');
  });
});
