import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { colourFiles } from '../../../test/helpers/autocaption.ts';
import { finished, settings } from '../autocaption/job-test-helpers.ts';
import { openTestSession, tempDir, waitUntil } from './test-session.ts';

/*
 * Issue 13 item 2: the API key goes only to the origin it is configured for, and an LLM URL that came
 * with a dataset gets no request until this user confirms it. Every server here is a capture server on
 * 127.0.0.1 that records the headers of every request it receives, whatever the path.
 */

const SECRET = 'sk-secret-0123456789';
const ANSWER = 'She stands by the window. She smiles at the camera. Her hands rest on her hips.';

interface Seen { method: string; path: string; authorization: string | null }
interface Capture {
  /** http://127.0.0.1:port: the Ollama host. */
  url: string;
  /** url + '/v1': the OpenAI base URL. */
  base: string;
  seen: Seen[];
  close(): Promise<void>;
}

const servers: Capture[] = [];
beforeEach(() => {
  // Whatever keys the machine running the tests has, each test sets its own.
  for (const name of ['TAGSMITH_LLM_API_KEY', 'TAGSMITH_LLM_BASE_URL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENROUTER_API_KEY']) vi.stubEnv(name, '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const s of servers.splice(0)) await s.close();
});

/**
 * Answers the requests Tagsmith makes (model lists, capabilities as llama.cpp's /props and Ollama's
 * /api/show give them, and chats; OpenAI and Ollama). `requireKey`:
 * 401 without `Bearer <key>`, as a hosted server. `redirectTo`: 307 every request to another server.
 */
async function capture(opts: { requireKey?: string; redirectTo?: () => string; chatDelayMs?: number } = {}): Promise<Capture> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization ?? null });
      const later = (ms: number | undefined, fn: () => void) => (ms ? setTimeout(fn, ms) : fn());
      const json = (status: number, body: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (opts.redirectTo) {
        res.writeHead(307, { Location: `${opts.redirectTo()}${url.pathname}` });
        res.end();
        return;
      }
      if (opts.requireKey && req.headers.authorization !== `Bearer ${opts.requireKey}`) {
        json(401, { error: { message: 'invalid API key' } });
        return;
      }
      if (url.pathname === '/v1/models') json(200, { object: 'list', data: [{ id: 'm', object: 'model' }] });
      else if (url.pathname === '/api/tags') json(200, { models: [{ name: 'm', model: 'm' }] });
      else if (url.pathname === '/props') json(200, { modalities: { vision: true, audio: false } });
      else if (url.pathname === '/api/show') json(200, { capabilities: ['completion', 'vision'] });
      else if (url.pathname === '/v1/chat/completions') {
        later(opts.chatDelayMs, () => json(200, { id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: ANSWER }, finish_reason: 'stop' }] }));
      } else if (url.pathname === '/api/chat') json(200, { model: 'm', message: { role: 'assistant', content: ANSWER }, done: true, done_reason: 'stop' });
      else json(404, { error: { message: 'no such path' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const c: Capture = {
    url,
    base: `${url}/v1`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  servers.push(c);
  return c;
}

const sawKey = (c: Capture, key = SECRET) => c.seen.some((s) => s.authorization?.includes(key));

function writeConfig(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
}

/** A dataset whose settings.json (written by whoever shared it) names an LLM URL. */
async function sharedDataset(baseUrl: string, api: 'openai' | 'ollama' = 'openai') {
  const files = await colourFiles([{ name: 'a.png', colour: 'red' }, { name: 'b.png', colour: 'green' }]);
  files['.tagsmith/settings.json'] = JSON.stringify({ version: 1, autoCaption: { useTagger: false, useLlm: true, llm: { api, baseUrl, model: 'm' } } });
  return files;
}

const llm = (api: 'openai' | 'ollama', server: Capture, over: Record<string, unknown> = {}) => ({ api, baseUrl: api === 'openai' ? server.base : server.url, model: 'm', ...over });

describe.each(['openai', 'ollama'] as const)('the API key over the %s API', (api) => {
  it('goes to the URL configured with it in the environment, and nowhere a request names', async () => {
    const home = await capture();
    const other = await capture();
    vi.stubEnv('TAGSMITH_LLM_API_KEY', SECRET);
    vi.stubEnv('TAGSMITH_LLM_BASE_URL', home.base);
    const t = await openTestSession({});

    const check = await t.value('llm.check', { llm: llm(api, other) });
    expect(check.ok).toBe(true);
    expect(other.seen.length).toBeGreaterThan(0);
    expect(sawKey(other)).toBe(false);

    await t.value('llm.check', { llm: llm(api, home) });
    expect(home.seen.at(-1)!.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('goes nowhere the request names in disguise: userinfo, another port, a redirect', async () => {
    const other = await capture();
    const home = await capture({ redirectTo: () => other.url });
    vi.stubEnv('TAGSMITH_LLM_API_KEY', SECRET);
    vi.stubEnv('TAGSMITH_LLM_BASE_URL', home.base);
    const t = await openTestSession({});
    const homePort = new URL(home.url).port;
    const otherPort = new URL(other.url).port;

    // Userinfo naming the configured host and port: the request would go to `other` (fetch refuses
    // URLs with credentials outright, so it fails), and no key is attached either way.
    await t.value('llm.check', { llm: llm(api, other, { baseUrl: `http://127.0.0.1:${homePort}@127.0.0.1:${otherPort}${api === 'openai' ? '/v1' : ''}` }) });
    // Another port on the configured host is another origin.
    await t.value('llm.check', { llm: llm(api, other) });
    // The configured server itself sends the client on to another origin: fetch drops the header there.
    await t.value('llm.check', { llm: llm(api, home) });
    expect(home.seen.at(-1)!.authorization).toBe(`Bearer ${SECRET}`);
    expect(other.seen.length).toBeGreaterThanOrEqual(2);
    // The last request of a check asks whether the model sees images (/props, /api/show): the key stays home there too.
    expect(other.seen.at(-1)!.path).toMatch(/\/(models|tags|props|show)$/);
    expect(sawKey(other)).toBe(false);
  });

  it('a 401 from another server says that no key was sent and where the key goes', async () => {
    const hosted = await capture({ requireKey: SECRET });
    vi.stubEnv('TAGSMITH_LLM_API_KEY', SECRET);
    vi.stubEnv('TAGSMITH_LLM_BASE_URL', 'https://llm.example/v1');
    const t = await openTestSession({});
    const check = await t.value('llm.check', { llm: llm(api, hosted) });
    expect(check.ok).toBe(false);
    expect(check.message).toContain(`HTTP 401`);
    expect(check.message).toContain(`no API key sent: ${hosted.url} is not the URL the key is configured for (TAGSMITH_LLM_API_KEY is for TAGSMITH_LLM_BASE_URL=https://llm.example)`);
    expect(sawKey(hosted)).toBe(false);
  });

  it('a dataset URL that is not the configured origin never sees the key, in a job either', async () => {
    const stranger = await capture();
    const home = await capture();
    vi.stubEnv('TAGSMITH_LLM_API_KEY', SECRET);
    vi.stubEnv('TAGSMITH_LLM_BASE_URL', home.base);
    const t = await openTestSession(await sharedDataset(api === 'openai' ? stranger.base : stranger.url, api));
    const saved = t.session.dataset().settings().autoCaption;
    await t.value('job.start', { target: { kind: 'all' }, settings: saved, confirmUrl: true });
    const done = await finished(t);
    expect(done.written).toBe(2);
    expect(stranger.seen.filter((s) => s.path.includes('/chat'))).toHaveLength(2);
    expect(sawKey(stranger)).toBe(false);
  });
});

describe('a dataset LLM URL that came from elsewhere', () => {
  it('is refused, naming the URL, until confirmed; the confirmation is remembered per dataset and URL', async () => {
    const stranger = await capture();
    const files = await sharedDataset(stranger.base);
    const t = await openTestSession(files);
    const saved = t.session.dataset().settings().autoCaption;
    expect(await t.value('llm.url', { baseUrl: stranger.base })).toEqual({ confirmed: false });

    for (const refused of [
      await t.failure('job.start', { target: { kind: 'all' }, settings: saved }),
      await t.failure('llm.check', { llm: saved.llm }),
    ]) {
      expect(refused.kind).toBe('llm-url-unconfirmed');
      expect(refused.message).toContain(stranger.base);
      expect(refused.message).not.toContain('\n');
    }
    expect(stranger.seen).toEqual([]);
    expect(fs.existsSync(t.configFile)).toBe(false);

    // A tags-only job sends nothing to the LLM and needs no confirmation (it fails later for want of a model, not of this).
    const tagsOnly = await t.call('job.start', { target: { kind: 'all' }, settings: { ...saved, useLlm: false, useTagger: true }, remember: false });
    expect(tagsOnly.ok ? 'started' : tagsOnly.error.kind).toBe('started');
    await finished(t, ['finished', 'failed']);
    await t.value('job.discard').catch(() => null);

    // Confirming ("Test connection" with the box ticked) sends the request and remembers the URL for this dataset.
    expect((await t.value('llm.check', { llm: saved.llm, confirmUrl: true })).ok).toBe(true);
    // The model list, then whether it sees images (/props).
    expect(stranger.seen.map((s) => s.path)).toEqual(['/v1/models', '/props']);
    const config = JSON.parse(fs.readFileSync(t.configFile, 'utf8')) as { llm: { confirmed: unknown[] } };
    expect(config.llm.confirmed).toEqual([{ root: t.root, baseUrl: stranger.base }]);
    expect(await t.value('llm.url', { baseUrl: stranger.base })).toEqual({ confirmed: true });

    // From now on, without asking again; another dataset with the same URL still asks.
    expect((await t.value('llm.check', { llm: saved.llm })).ok).toBe(true);
    const other = await openTestSession(files, { configFile: t.configFile });
    expect((await other.failure('llm.check', { llm: saved.llm })).kind).toBe('llm-url-unconfirmed');
  });

  it('a URL the user typed (not the dataset\'s) goes out at once, and starting a job with it remembers it', async () => {
    const stranger = await capture();
    const typed = await capture();
    const t = await openTestSession(await sharedDataset(stranger.base));
    expect((await t.value('llm.check', { llm: llm('openai', typed) })).ok).toBe(true);
    const job = settings({ useTagger: false, useLlm: true, llm: llm('openai', typed) });
    await t.value('job.start', { target: { kind: 'all' }, settings: job });
    await finished(t);
    // Saved as the dataset's URL by `remember`, it is confirmed for this dataset: no question next time.
    expect(await t.value('llm.url', { baseUrl: typed.base })).toEqual({ confirmed: true });
    expect((await t.value('llm.check', { llm: llm('openai', typed) })).ok).toBe(true);
    expect(stranger.seen).toEqual([]);
  });

  it('Tagsmith\'s default address and the URL a key is configured for need no confirmation', async () => {
    const t = await openTestSession(await sharedDataset('http://127.0.0.1:8080/v1'));
    expect(await t.value('llm.url', { baseUrl: 'http://127.0.0.1:8080/v1' })).toEqual({ confirmed: true });
    vi.stubEnv('OPENROUTER_API_KEY', SECRET);
    expect(await t.value('llm.url', { baseUrl: 'https://openrouter.ai/api/v1' })).toEqual({ confirmed: true });
    expect(await t.value('llm.url', { baseUrl: 'https://openrouter.ai.evil.example/api/v1' })).toEqual({ confirmed: false });
  });

  it('a paused job that came with the dataset is not resumed until its URL is confirmed on this machine', async () => {
    const slow = await capture({ chatDelayMs: 150 });
    const files = await colourFiles(['a', 'b', 'c'].map((n) => ({ name: `${n}.png`, colour: 'red' as const })));
    // The person who shared the dataset started a job there and stopped it.
    const theirs = await openTestSession(files);
    await theirs.value('job.start', { target: { kind: 'all' }, settings: settings({ useTagger: false, useLlm: true, llm: llm('openai', slow, { concurrency: 1 }) }) });
    await waitUntil(() => (theirs.eventsOf('job.changed').at(-1)?.described ?? 0) >= 1, 'one image described', 10_000);
    await theirs.value('job.cancel');
    await finished(theirs, 'paused');
    await theirs.session.close();

    const mine = await openTestSession({}, { root: theirs.root });
    const before = slow.seen.length;
    const refused = await mine.failure('job.resume', {});
    expect(refused.kind).toBe('llm-url-unconfirmed');
    expect(refused.message).toContain(slow.base);
    expect(slow.seen.length).toBe(before);

    await mine.value('llm.check', { llm: llm('openai', slow), confirmUrl: true });
    await mine.value('job.resume', {});
    expect((await finished(mine)).written).toBe(3);
  });
});

describe('keys in the per-user config file', () => {
  it('each goes only to the URL stored with it; one without a URL goes nowhere; none reaches a client', async () => {
    const home = await capture();
    const other = await capture();
    const configFile = path.join(tempDir(), 'config', 'config.json');
    writeConfig(configFile, { llm: { keys: [{ baseUrl: home.base, apiKey: 'sk-config-home' }, { apiKey: 'sk-config-lonely' }] } });
    const t = await openTestSession({}, { configFile });

    await t.value('llm.check', { llm: llm('openai', home) });
    expect(home.seen.at(-1)!.authorization).toBe('Bearer sk-config-home');
    await t.value('llm.check', { llm: llm('openai', other) });
    expect(sawKey(other, 'sk-config')).toBe(false);

    // prefs.get / prefs.update answer the editor's preferences only; the file keeps the keys.
    expect(JSON.stringify(await t.value('prefs.get'))).not.toContain('sk-config');
    expect(JSON.stringify(await t.value('prefs.update', { patch: { thumbSize: 200 } }))).not.toContain('sk-config');
    expect(fs.readFileSync(configFile, 'utf8')).toContain('sk-config-home');
  });

  it('an environment key and a config key each keep to their own origin', async () => {
    const a = await capture();
    const b = await capture();
    vi.stubEnv('OPENAI_API_KEY', 'sk-env-a');
    vi.stubEnv('OPENAI_BASE_URL', a.base);
    const configFile = path.join(tempDir(), 'config', 'config.json');
    writeConfig(configFile, { llm: { keys: [{ baseUrl: b.base, apiKey: 'sk-config-b' }] } });
    const t = await openTestSession({}, { configFile });
    await t.value('llm.check', { llm: llm('openai', a) });
    await t.value('llm.check', { llm: llm('openai', b) });
    // Each check: the model list, then /props (does the model see images?), both with that origin's key.
    expect(a.seen.map((s) => s.authorization)).toEqual(['Bearer sk-env-a', 'Bearer sk-env-a']);
    expect(b.seen.map((s) => s.authorization)).toEqual(['Bearer sk-config-b', 'Bearer sk-config-b']);
  });
});
