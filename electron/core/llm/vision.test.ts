import { describe, expect, it } from 'vitest';
import { noVision, saysNoVision } from './errors.ts';
import { propsUrl } from './openai-client.ts';
import type { LlmEndpoint } from './types.ts';

describe('propsUrl: llama.cpp serves /props at the server root, beside /v1', () => {
  it.each([
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080/props'],
    ['http://127.0.0.1:8080/v1/', 'http://127.0.0.1:8080/props'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/props'],
    ['https://box.lan/llama/v1?x=1', 'https://box.lan/llama/props'],
  ])('%s -> %s', (base, url) => expect(propsUrl(base)).toBe(url));
});

describe('saysNoVision: each server\'s words for "this model takes no images"', () => {
  it.each([
    'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj',
    'fake-vlm is not a multimodal model',
    'At most 0 image(s) may be provided in one request.',
    'Model does not support images. Please use a model that does.',
    'this model is missing data required for image input',
  ])('%j', (detail) => expect(saysNoVision(detail)).toBe(true));

  it.each(['fake: internal server error', 'CUDA out of memory', 'the image is too large'])('not %j', (detail) => expect(saysNoVision(detail)).toBe(false));

  it('is final, with one line on how to start the server', () => {
    const endpoint: LlmEndpoint = { api: 'openai', baseUrl: 'http://127.0.0.1:8080/v1', model: '', timeoutMs: 1000, retries: 3 };
    const failure = noVision(endpoint, 'HTTP 500: image input is not supported');
    expect(failure).toMatchObject({ kind: 'no-vision', retry: 'never' });
    expect(failure.message).toMatch(/^HTTP 500: image input is not supported; the server's model takes no images: start llama-server with --mmproj <projector>\.gguf \(or -hf <repo>, which fetches it\) and -c 8192/);
    expect(noVision({ ...endpoint, api: 'ollama', model: 'llama3' }, '').message).toMatch(/^the model "llama3" takes no images: use a vision model \("ollama show llama3" lists vision under Capabilities\)/);
  });
});
