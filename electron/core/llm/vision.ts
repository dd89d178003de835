import { runAttempt } from './attempt.ts';
import { noVisionHint } from './errors.ts';
import type { Transport } from './transport.ts';
import type { LlmEndpoint, VisionSupport } from './types.ts';

/*
 * Can the server see images? A server started without its vision projector (llama.cpp without
 * --mmproj) or serving a text-only model fails every image the same way, so this is asked once,
 * before a job and by "Test connection", not learnt from N failed images.
 */

/** A 1×1 white JPEG: the smallest image a server must accept to be called a vision server. */
export const ONE_PIXEL_JPEG = Buffer.from(
  '/9j/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAn/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKpgA//Z',
  'base64',
);

/**
 * What the server declares (llama.cpp /props, Ollama /api/show); when it declares nothing, one chat
 * request with a one-pixel image and a one-token limit. Never throws; `vision: null` when neither
 * tells (the job then goes ahead and the first image says what is wrong).
 */
export async function checkVision(endpoint: LlmEndpoint, transport: Transport, opts: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<VisionSupport> {
  const declared = await runAttempt((signal) => transport.declaredVision(signal, endpoint.model), {
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    classify: (thrown) => transport.classify(thrown, endpoint.api === 'ollama' ? '/api/show' : '/props'),
  });
  if (declared.ok && declared.value !== null) {
    const { vision, source } = declared.value;
    return vision ? { vision, message: `takes images (${source})` } : { vision, message: `${source}: ${noVisionHint(endpoint)}` };
  }
  if (!declared.ok && declared.error.kind === 'cancelled') return { vision: null, message: 'cancelled' };
  const probe = await runAttempt(
    (signal) => transport.chat({ model: endpoint.model, jpeg: ONE_PIXEL_JPEG, system: null, user: 'Describe this image.', sampling: { temperature: 0, top_p: 1, max_tokens: 1 } }, signal),
    { timeoutMs: opts.timeoutMs, signal: opts.signal, classify: (thrown) => transport.classify(thrown, endpoint.api === 'ollama' ? '/api/chat' : '/chat/completions') },
  );
  if (probe.ok) return { vision: true, message: 'takes images (a one-pixel image was accepted)' };
  if (probe.error.kind === 'no-vision') return { vision: false, message: probe.error.message };
  return { vision: null, message: `could not tell whether it takes images (${probe.error.message})` };
}
