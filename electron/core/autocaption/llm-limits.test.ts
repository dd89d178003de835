import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { colourFiles, writeTaggerFolder } from '../../../test/helpers/autocaption.ts';
import type { FakeLlmServer } from '../../../test/fakes/llm-server.ts';
import { useFakeLlms } from '../../../test/fakes/use-fake-llm.ts';
import { openTestSession, tempDir, type TestSession } from '../handlers/test-session.ts';
import { finished, read, settings } from './job-test-helpers.ts';

/*
 * A job against servers that cut answers at the token limit, reason before answering, cannot see
 * images, or (Ollama) need their context sized. The fake counts one word as one token and stops at
 * max_tokens / num_predict with `length`, as the real servers do.
 */

const fakeLlm = useFakeLlms();

/**
 * One red image, no tagger: the fake answers "The main subject is in the center." (7 words) and then
 * "The background is plain." (4 words) for each further sentence asked for.
 */
async function runJob(llm: FakeLlmServer, patch: Record<string, unknown>, opts: { api?: 'openai' | 'ollama'; model?: string; sentences?: number } = {}): Promise<TestSession> {
  const t = await openTestSession(await colourFiles([{ name: 'red.png', colour: 'red' }]));
  if (opts.sentences !== undefined) await t.value('settings.update', { patch: { sentences: opts.sentences } });
  const api = opts.api ?? 'openai';
  await t.value('job.start', {
    target: { kind: 'all' },
    settings: settings({
      useTagger: false,
      useLlm: true,
      llm: { api, baseUrl: api === 'openai' ? llm.openaiBase : llm.url, model: opts.model ?? 'fake-vlm', ...patch },
    }),
  });
  return t;
}

describe('auto-caption: answers cut by the token limit', () => {
  it('drops the unfinished sentence and retries once with twice the limit, writing the whole answer', async () => {
    const llm = await fakeLlm();
    // 23 words asked for in 16 tokens: "… plain. The background is plain. The" is cut.
    const t = await runJob(llm, { maxTokens: 16 }, { sentences: 5 });
    const done = await finished(t);
    expect(done.failures).toEqual([]);
    expect(llm.requests.map((r) => r.sampling.max_tokens)).toEqual([16, 32]);
    expect(parseCaption(read(t, 'red.txt')).prose).toBe(`The main subject is in the center.${' The background is plain.'.repeat(4)}`);
  });

  it('never writes a fragment: cut twice, it keeps the finished sentences and notes the rest', async () => {
    const llm = await fakeLlm();
    // 43 words asked for; 16 and then 32 tokens both end on a lone "The", which must not become "The."
    const t = await runJob(llm, { maxTokens: 16 }, { sentences: 10 });
    const done = await finished(t);
    expect(done.failures).toEqual([]);
    expect(llm.requests.map((r) => r.sampling.max_tokens)).toEqual([16, 32]);
    expect(parseCaption(read(t, 'red.txt')).prose).toBe(`The main subject is in the center.${' The background is plain.'.repeat(6)}`);
  });

  it('fails the image with a clear line when not even one sentence fits', async () => {
    const llm = await fakeLlm();
    const t = await runJob(llm, { maxTokens: 16 }, { model: 'fake-vlm-thinking' });
    const done = await finished(t, ['finished', 'paused', 'failed']);
    // 120 words of reasoning: 16 and then 32 tokens both end inside <think>.
    expect(llm.requests.map((r) => r.sampling.max_tokens)).toEqual([16, 32]);
    expect(done.failures).toEqual([{ id: 'red.png', stage: 'describe', message: expect.stringMatching(/cut by the output limit \(32 tokens\) before one sentence was finished; raise "Max tokens"/) }]);
  });

  it('gives a thinking model room to reason: a cut inside <think> is retried with more, and the reasoning never reaches the caption', async () => {
    const llm = await fakeLlm();
    const t = await runJob(llm, { maxTokens: 100 }, { model: 'fake-vlm-thinking' });
    const done = await finished(t);
    expect(done.failures).toEqual([]);
    expect(llm.requests.map((r) => r.sampling.max_tokens)).toEqual([100, 200]);
    const prose = parseCaption(read(t, 'red.txt')).prose;
    expect(prose).toBe('The main subject is in the center. The background is plain. The background is plain.');
  });

  it('sizes the limit itself: ~40 tokens a sentence, and thousands for a model named as a thinking one', async () => {
    const llm = await fakeLlm();
    await finished(await runJob(llm, {}));
    await finished(await runJob(llm, { preset: 'qwen3-vl-thinking' }));
    await finished(await runJob(llm, {}, { model: 'qwen3-vl-8b-thinking' }));
    expect(llm.requests.map((r) => r.sampling.max_tokens)).toEqual([220, 8192, 8192]);
    expect(llm.requests[1]!.sampling).toMatchObject({ temperature: 0.6, top_p: 0.95, top_k: 20 });
  });
});

describe('auto-caption: a server that cannot see images', () => {
  it('llama.cpp without --mmproj (/props says so): the job fails before any image is sent, with how to start it', async () => {
    const llm = await fakeLlm({ vision: false });
    const t = await runJob(llm, {});
    const done = await finished(t, 'failed');
    expect(llm.requests).toHaveLength(0);
    expect(llm.infoRequests).toEqual(['GET /props']);
    expect(done.message).toMatch(/^OpenAI-compatible server at http:\/\/127\.0\.0\.1:\d+\/v1: llama\.cpp \/props: the server's model takes no images: start llama-server with --mmproj/);
    expect(done.message).not.toContain('\n');
  });

  it('an older llama.cpp (no modalities in /props): exactly one request, the 500 is final, not retried per image', async () => {
    const llm = await fakeLlm({ vision: false, flavor: 'llama.cpp-old' });
    const t = await runJob(llm, {});
    const done = await finished(t, 'failed');
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]!.sampling.max_tokens).toBe(1);
    expect(done.message).toMatch(/HTTP 500: image input is not supported - hint: .*mmproj; the server's model takes no images: start llama-server with --mmproj/);
  });

  it('Ollama with a model without the vision capability: fails from /api/show', async () => {
    const llm = await fakeLlm({ vision: false });
    const t = await runJob(llm, {}, { api: 'ollama' });
    const done = await finished(t, 'failed');
    expect(llm.requests).toHaveLength(0);
    expect(done.message).toContain('Ollama /api/show: the model "fake-vlm" takes no images');
  });
});

describe('auto-caption: Ollama context size', () => {
  it('sends num_ctx: the setting (8192 by default), raised when a large image needs more', async () => {
    const llm = await fakeLlm();
    await finished(await runJob(llm, {}, { api: 'ollama' }));
    await finished(await runJob(llm, { numCtx: 2048, maxSide: 2048 }, { api: 'ollama' }));
    expect(llm.requests.map((r) => r.numCtx)).toEqual([8192, 6144]);
    expect(llm.infoRequests).toEqual(['POST /api/show fake-vlm', 'POST /api/show fake-vlm']);
  });
});

describe('auto-caption: presets in their authors\' form', () => {
  it('JoyCaption Beta One names the subject with the first trigger word and gets no tags unless asked (experimental)', async () => {
    const llm = await fakeLlm();
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const t = await openTestSession(await colourFiles([{ name: 'red.png', colour: 'red' }]));
    await t.value('settings.update', { patch: { triggerWords: ['ohwx', 'sks'] } });
    const start = (promptTags: boolean | null) => t.value('job.start', {
      target: { kind: 'all' },
      settings: settings({ mode: 'replace', tagger: { model }, useLlm: true, llm: { api: 'openai', baseUrl: llm.openaiBase, model: 'fake-vlm', preset: 'joycaption', promptTags } }),
    });
    await start(null);
    await finished(t);
    await start(true);
    await finished(t, ['finished']);
    const [plain, withTags] = llm.requests;
    expect(plain!.system).toBe('You are a helpful image captioner.');
    expect(plain!.prompt).toMatch(/^Write a straightforward caption for this image within 50 words\./);
    expect(plain!.prompt).toContain('If there is a person/character in the image you must refer to them as ohwx.');
    expect(plain!.prompt).not.toContain('Tags for reference');
    expect(plain!.sampling).toEqual({ temperature: 0.6, top_p: 0.9, max_tokens: 512 });
    expect(withTags!.prompt).toMatch(/Tags for reference: .*red background.*\.$/);
  });

  it('ToriiGate: raw tags without the bare rating tag, the character block from WD14 character tags, the context as <info>', async () => {
    const llm = await fakeLlm();
    const model = await writeTaggerFolder(path.join(tempDir(), 'tagger'));
    const t = await openTestSession(await colourFiles([{ name: 'cyan.png', colour: 'cyan' }]));
    await t.value('settings.update', { patch: { context: 'a turtle wearing socks' } });
    await t.value('job.start', {
      target: { kind: 'all' },
      settings: settings({ tagger: { model, rating: true }, useLlm: true, llm: { api: 'openai', baseUrl: llm.openaiBase, model: 'fake-vlm', preset: 'toriigate' } }),
    });
    await finished(t);
    const prompt = llm.requests[0]!.prompt;
    expect(prompt).toMatch(/^You need to write a medium-short and convenient caption for the picture\. Here are grounding tags for better understanding: <tags>[^<]+<\/tags>\./);
    expect(prompt).not.toMatch(/<tags>general\b/);
    expect(prompt).toContain('Here is a list of characters that are present in the picture: <characters>hatsune_miku</characters>.');
    expect(prompt).toMatch(/Here is preliminary information about the picture: <info>a turtle wearing socks<\/info>\.$/);
    // The rating tag still goes into the caption itself; only the prompt leaves it out.
    expect(parseCaption(read(t, 'cyan.txt')).tags).toContain('general');
  });
});
