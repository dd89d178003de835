import { describe, expect, it } from 'vitest';
import { chooseKey, configKeyBindings, envKeyBindings, llmOrigin, typedUrlBinding } from './key-binding.ts';

describe('llmOrigin', () => {
  it.each([
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080'],
    ['  HTTPS://OpenRouter.AI/api/v1/ ', 'https://openrouter.ai'],
    // Default ports are the same origin as none.
    ['https://api.openai.com:443/v1', 'https://api.openai.com'],
    ['http://host:80/x', 'http://host'],
    // IPv4 shorthands are the address they stand for.
    ['http://2130706433:5000/v1', 'http://127.0.0.1:5000'],
    ['http://0x7f.1:5000/v1', 'http://127.0.0.1:5000'],
    ['http://[::1]:8080/v1', 'http://[::1]:8080'],
    // Userinfo is not the host: the request goes to evil.example.
    ['https://openrouter.ai@evil.example/api/v1', 'https://evil.example'],
    ['https://openrouter.ai:443@evil.example/api/v1', 'https://evil.example'],
    ['http://evil.example\\@openrouter.ai/v1', 'http://evil.example'],
    ['http://evil.example#@openrouter.ai', 'http://evil.example'],
    // A trailing dot is another name as far as a browser's origin goes: no match, so no key.
    ['https://openrouter.ai./api/v1', 'https://openrouter.ai.'],
  ])('%s -> %s', (url, origin) => {
    expect(llmOrigin(url)).toBe(origin);
  });

  it.each(['', 'openrouter.ai/api/v1', '127.0.0.1:8080', 'file:///etc/passwd', 'ftp://host/x', 'javascript:alert(1)', 'data:,x', 'http://'])(
    'refuses %j (an origin of "null" must never match another "null")',
    (url) => {
      expect(llmOrigin(url)).toBeNull();
    },
  );
});

describe('environment keys', () => {
  it('binds each key to its own base URL variable, or the one service it is good at', () => {
    const env = {
      TAGSMITH_LLM_API_KEY: 't', TAGSMITH_LLM_BASE_URL: 'https://llm.example:8443/v1',
      OPENAI_API_KEY: 'o',
      OPENROUTER_API_KEY: ' r \n',
    };
    expect(envKeyBindings(env).map(({ apiKey, origin, source }) => ({ apiKey, origin, source }))).toEqual([
      { apiKey: 't', origin: 'https://llm.example:8443', source: 'TAGSMITH_LLM_API_KEY' },
      { apiKey: 'o', origin: 'https://api.openai.com', source: 'OPENAI_API_KEY' },
      { apiKey: 'r', origin: 'https://openrouter.ai', source: 'OPENROUTER_API_KEY' },
    ]);
    expect(envKeyBindings({ OPENAI_API_KEY: 'o', OPENAI_BASE_URL: 'http://10.0.0.5:8000/v1' })[0]!.origin).toBe('http://10.0.0.5:8000');
  });

  it('a TAGSMITH_LLM_API_KEY without TAGSMITH_LLM_BASE_URL goes nowhere, and says what to set', () => {
    const [b] = envKeyBindings({ TAGSMITH_LLM_API_KEY: 'sk-1' });
    expect(b).toMatchObject({ origin: null, describe: 'TAGSMITH_LLM_API_KEY is for no URL: set TAGSMITH_LLM_BASE_URL' });
    expect(envKeyBindings({ TAGSMITH_LLM_API_KEY: 'sk-1', TAGSMITH_LLM_BASE_URL: 'file:///x' })[0]!.origin).toBeNull();
  });

  it('skips blank keys and treats a blank base URL as unset', () => {
    expect(envKeyBindings({ TAGSMITH_LLM_API_KEY: '  ', OPENAI_API_KEY: '' })).toEqual([]);
    expect(envKeyBindings({ OPENAI_API_KEY: 'o', OPENAI_BASE_URL: ' ' })[0]!.origin).toBe('https://api.openai.com');
  });

  it('a --llm URL typed on the command line takes the first environment key not pinned to a URL of its own', () => {
    const typed = 'http://10.0.0.5:8080/v1';
    expect(typedUrlBinding({ TAGSMITH_LLM_API_KEY: 't', OPENAI_API_KEY: 'o' }, typed)).toMatchObject({ apiKey: 't', origin: 'http://10.0.0.5:8080' });
    expect(typedUrlBinding({ TAGSMITH_LLM_API_KEY: 't', TAGSMITH_LLM_BASE_URL: 'https://x', OPENAI_API_KEY: 'o' }, typed)).toMatchObject({ apiKey: 'o' });
    // Pinned keys and an OpenRouter key stay where they belong.
    expect(typedUrlBinding({ TAGSMITH_LLM_API_KEY: 't', TAGSMITH_LLM_BASE_URL: 'https://x', OPENAI_API_KEY: 'o', OPENAI_BASE_URL: 'https://y' }, typed)).toBeNull();
    expect(typedUrlBinding({ OPENROUTER_API_KEY: 'r' }, typed)).toBeNull();
  });
});

describe('config file keys', () => {
  it('a key is stored with its URL; one without a usable URL goes nowhere', () => {
    const bindings = configKeyBindings([
      { baseUrl: 'https://openrouter.ai/api/v1', apiKey: 'sk-or' },
      { apiKey: 'sk-lonely' },
      { baseUrl: 'openrouter.ai', apiKey: 'sk-bad-url' },
      { baseUrl: 'https://x', apiKey: '  ' },
    ], '/home/ana/.config/tagsmith/config.json');
    expect(bindings.map((b) => [b.apiKey, b.origin])).toEqual([['sk-or', 'https://openrouter.ai'], ['sk-lonely', null], ['sk-bad-url', null]]);
    expect(bindings[1]!.describe).toBe('a key in /home/ana/.config/tagsmith/config.json has no usable baseUrl');
  });
});

describe('chooseKey', () => {
  const bindings = [
    ...envKeyBindings({ TAGSMITH_LLM_API_KEY: 'sk-t', TAGSMITH_LLM_BASE_URL: 'http://127.0.0.1:5000/v1', OPENROUTER_API_KEY: 'sk-r' }),
    ...configKeyBindings([{ baseUrl: 'https://llm.example/v1', apiKey: 'sk-c' }], 'config.json'),
  ];

  it.each([
    ['http://127.0.0.1:5000/v1', 'sk-t'],
    ['http://127.0.0.1:5000/any/other/path', 'sk-t'],
    ['https://openrouter.ai/api/v1', 'sk-r'],
    ['https://LLM.example:443/v1', 'sk-c'],
  ])('%s gets its own key', (url, key) => {
    expect(chooseKey(url, bindings).apiKey).toBe(key);
  });

  it.each([
    'http://127.0.0.1:5001/v1',
    'http://localhost:5000/v1',
    'https://127.0.0.1:5000/v1',
    'http://127.0.0.1:5000@127.0.0.1:5001/v1',
    'https://openrouter.ai.evil.example/api/v1',
    'https://openrouter.ai@evil.example/api/v1',
    'not a url',
    '',
  ])('%j gets no key, and a note saying why', (url) => {
    const choice = chooseKey(url, bindings);
    expect(choice.apiKey).toBeUndefined();
    expect(choice.note).toMatch(/^no API key sent: .* is not the URL the key is configured for \(TAGSMITH_LLM_API_KEY is for TAGSMITH_LLM_BASE_URL=http:\/\/127\.0\.0\.1:5000; /);
    // The note names where keys go, never a key.
    expect(choice.note).not.toMatch(/sk-/);
  });

  it('no keys configured: no key and nothing to say', () => {
    expect(chooseKey('http://127.0.0.1:5000/v1', [])).toEqual({});
  });
});
