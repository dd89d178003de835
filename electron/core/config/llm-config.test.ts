import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gateLlmUrl, keyFor, loadLlmSection, normaliseUrl, rememberConfirmation } from './llm-config.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function configFile(content?: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-llm-config-'));
  dirs.push(dir);
  const file = path.join(dir, 'config.json');
  if (content !== undefined) fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
const noEnv = () => ({});

describe('the llm section of the per-user config file', () => {
  it('pairs each key with its URL: the key goes to that origin only', async () => {
    const file = configFile({ llm: { keys: [{ baseUrl: 'https://LLM.example:443/v1', apiKey: 'sk-a' }, { apiKey: 'sk-no-url' }] } });
    const sources = { configFile: file, env: noEnv };
    expect(await keyFor('https://llm.example/other', sources)).toEqual({ apiKey: 'sk-a', source: file });
    const elsewhere = await keyFor('http://127.0.0.1:9/v1', sources);
    expect(elsewhere.apiKey).toBeUndefined();
    expect(elsewhere.note).toBe(`no API key sent: http://127.0.0.1:9 is not the URL the key is configured for (a key in ${file} is for https://llm.example; a key in ${file} has no usable baseUrl)`);
  });

  it('remembers a confirmation once per dataset root and URL, keeping everything else in the file', async () => {
    const file = configFile({ version: 1, editor: { viewMode: 'list' }, llm: { keys: [{ baseUrl: 'https://x/v1', apiKey: 'sk' }], later: true }, other: 1 });
    expect((await rememberConfirmation(file, '/data/a', 'HTTP://10.0.0.5:80/v1')).ok).toBe(true);
    expect((await rememberConfirmation(file, '/data/a', 'http://10.0.0.5/v1')).ok).toBe(true);
    expect((await rememberConfirmation(file, '/data/b', 'http://10.0.0.5/v1')).ok).toBe(true);
    const saved = read(file);
    expect(saved).toMatchObject({ editor: { viewMode: 'list' }, other: 1 });
    expect(saved.llm).toEqual({
      keys: [{ baseUrl: 'https://x/v1', apiKey: 'sk' }],
      later: true,
      confirmed: [{ root: '/data/a', baseUrl: 'http://10.0.0.5/v1' }, { root: '/data/b', baseUrl: 'http://10.0.0.5/v1' }],
    });
  });

  it('an invalid section gives no keys and takes no confirmation, and the file is left as it was', async () => {
    const text = JSON.stringify({ llm: { keys: 'sk-oops' } });
    const file = configFile(text);
    const loaded = await loadLlmSection(file);
    expect(loaded.section.keys).toEqual([]);
    expect(loaded.problem?.message).toContain(file);
    const remembered = await rememberConfirmation(file, '/data/a', 'http://10.0.0.5/v1');
    expect(remembered.ok).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('normalises URLs the way the origin check does', () => {
    expect(normaliseUrl(' HTTP://Host:80/v1 ')).toBe('http://host/v1');
    expect(normaliseUrl('not a url ')).toBe('not a url');
  });
});

describe('gateLlmUrl', () => {
  const base = { root: '/data/a', savedUrl: 'http://10.0.0.5:8080/v1', confirm: false, remember: false };

  it('refuses the dataset\'s own URL until confirmed, then lets it through without asking', async () => {
    const file = configFile();
    const sources = { configFile: file, env: noEnv };
    const refused = await gateLlmUrl({ ...base, configFile: file, sources, baseUrl: 'http://10.0.0.5:8080/v1' });
    expect(refused).toEqual({ ok: false, error: { kind: 'llm-url-unconfirmed', message: expect.stringContaining('http://10.0.0.5:8080/v1 came with this dataset') } });
    expect(fs.existsSync(file)).toBe(false);
    expect((await gateLlmUrl({ ...base, configFile: file, sources, baseUrl: 'http://10.0.0.5:8080/v1', confirm: true })).ok).toBe(true);
    expect((await gateLlmUrl({ ...base, configFile: file, sources, baseUrl: 'http://10.0.0.5:8080/v1' })).ok).toBe(true);
  });

  it('another URL in a request is the user\'s own: it passes, and is remembered only when asked to', async () => {
    const file = configFile();
    const sources = { configFile: file, env: noEnv };
    expect((await gateLlmUrl({ ...base, configFile: file, sources, baseUrl: 'http://10.0.0.6/v1' })).ok).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect((await gateLlmUrl({ ...base, configFile: file, sources, baseUrl: 'http://10.0.0.6/v1', remember: true })).ok).toBe(true);
    expect(read(file).llm).toEqual({ confirmed: [{ root: '/data/a', baseUrl: 'http://10.0.0.6/v1' }] });
  });

  it('a confirmation that cannot be saved still lets the confirmed request through, and says so', async () => {
    const file = configFile('{ broken');
    const gate = await gateLlmUrl({ ...base, configFile: file, sources: { configFile: file, env: noEnv }, baseUrl: base.savedUrl, confirm: true });
    expect(gate.ok && gate.value.rememberProblem?.message).toContain(file);
  });
});
