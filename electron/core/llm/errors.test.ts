import { describe, expect, it } from 'vitest';
import { formatDuration, networkFailure, oneLine, serverName, statusFailure } from './errors.ts';
import type { LlmEndpoint } from './types.ts';

const openai = (baseUrl: string, over: Partial<LlmEndpoint> = {}): LlmEndpoint => ({ api: 'openai', baseUrl, model: 'm', timeoutMs: 1000, retries: 0, ...over });

describe('serverName', () => {
  it.each([
    ['http://127.0.0.1:8080/v1/', 'llama.cpp at http://127.0.0.1:8080/v1'],
    ['http://localhost:8000/v1', 'vLLM at http://localhost:8000/v1'],
    ['http://127.0.0.1:1234/v1', 'LM Studio at http://127.0.0.1:1234/v1'],
    ['https://openrouter.ai/api/v1', 'OpenRouter at https://openrouter.ai/api/v1'],
    ['http://10.0.0.2:9999/v1', 'OpenAI-compatible server at http://10.0.0.2:9999/v1'],
    ['not a url', 'server at not a url'],
  ])('%s → %s', (url, name) => expect(serverName(openai(url))).toBe(name));

  it('names Ollama by its API', () => {
    expect(serverName(openai('http://gpu-box:9000', { api: 'ollama' }))).toBe('Ollama at http://gpu-box:9000');
  });
});

describe('statusFailure', () => {
  const ctx = { endpoint: openai('http://127.0.0.1:8080/v1'), path: '/chat/completions' };
  it('retries 5xx, 429 and 408 only', () => {
    expect(statusFailure(503, 'Loading model', ctx)).toEqual({ kind: 'server-error', message: 'HTTP 503: Loading model', retry: 'always', retryAfterMs: undefined });
    expect(statusFailure(429, '', { ...ctx, retryAfterMs: 0 })).toMatchObject({ kind: 'rate-limited', retry: 'always', retryAfterMs: 0 });
    expect(statusFailure(408, '', ctx)).toMatchObject({ kind: 'timeout', retry: 'always' });
    expect(statusFailure(400, 'bad', ctx)).toEqual({ kind: 'http', message: 'HTTP 400: bad', retry: 'never' });
    expect(statusFailure(413, '', ctx)).toMatchObject({ kind: 'http', retry: 'never' });
  });

  it('points 401/403 at the key variable, and says when a key was refused', () => {
    expect(statusFailure(401, '', ctx).message).toBe("HTTP 401; set TAGSMITH_LLM_API_KEY to the server's API key and TAGSMITH_LLM_BASE_URL to its URL");
    expect(statusFailure(403, 'nope', { ...ctx, endpoint: openai('http://x/v1', { apiKey: 'k' }) })).toMatchObject({ kind: 'auth', retry: 'never' });
    expect(statusFailure(401, '', { ...ctx, endpoint: openai('http://x/v1', { apiKey: 'k', keySource: 'OPENAI_API_KEY' }) }).message).toBe('HTTP 401; the API key from OPENAI_API_KEY was refused');
    // A key configured for another URL was held back: the 401 says that, not "set a key".
    const note = 'no API key sent: http://x is not the URL the key is configured for (OPENAI_API_KEY is for https://api.openai.com)';
    expect(statusFailure(401, '', { ...ctx, endpoint: openai('http://x/v1', { keyNote: note }) }).message).toBe(`HTTP 401; ${note}`);
  });

  it('points 404 at the model and the URL', () => {
    expect(statusFailure(404, '', ctx).message).toBe('HTTP 404 for /chat/completions; check the model "m" and that the base URL ends in /v1');
    const ollama = statusFailure(404, 'model "x" not found', { endpoint: openai('http://h:11434', { api: 'ollama', model: 'x' }), path: '/api/chat' });
    expect(ollama.message).toContain('ollama pull x');
  });
});

describe('networkFailure', () => {
  const fetchError = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ${code}`), { code }) });
  it('reads the code from the cause chain', () => {
    expect(networkFailure(fetchError('ECONNREFUSED'))).toEqual({ kind: 'network', message: 'connection refused (ECONNREFUSED); is the server running?', retry: 'always' });
    expect(networkFailure(new Error('wrapped', { cause: fetchError('ENOTFOUND') })).message).toBe('host not found (ENOTFOUND)');
  });
  it('calls Node fetch\'s own 300 s limit a timeout', () => {
    expect(networkFailure(fetchError('UND_ERR_HEADERS_TIMEOUT')).kind).toBe('timeout');
  });
  it('falls back to the innermost message', () => {
    expect(networkFailure(new Error('outer', { cause: new Error('inner\nstack') }))).toMatchObject({ kind: 'network', message: 'network error: inner' });
  });
});

describe('oneLine and formatDuration', () => {
  it('keeps the first non-empty line, capped', () => {
    expect(oneLine('\n  first \nsecond')).toBe('first');
    expect(oneLine('x'.repeat(300))).toHaveLength(200);
  });
  it('keeps the text of an HTML error page', () => {
    expect(oneLine('<html>\n<head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1></body></html>')).toBe('502 Bad Gateway 502 Bad Gateway');
  });
  it('formats durations', () => {
    expect([250, 1500, 120_000].map(formatDuration)).toEqual(['250 ms', '1.5 s', '120 s']);
  });
});
