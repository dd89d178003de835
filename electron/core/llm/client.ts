import { acceptAnswer } from './answer.ts';
import { runAttempt } from './attempt.ts';
import { CHECK_TIMEOUT_MS, checkServer } from './check.ts';
import { serverName } from './errors.ts';
import type { AttemptFailure } from './errors.ts';
import { ollamaTransport } from './ollama-client.ts';
import { openaiTransport } from './openai-client.ts';
import { DEFAULT_BACKOFF_MS, MAX_BACKOFF_MS, MAX_RETRY_AFTER_MS, withRetries } from './retry.ts';
import type { Transport } from './transport.ts';
import type { LlmConfig } from '../../../shared/autocaption/config.ts';
import type { KeyChoice } from './key-binding.ts';
import type { LlmEndpoint, LlmError, VisionClient } from './types.ts';
import { checkVision } from './vision.ts';

export type { DescribeRequest, LlmAnswer, LlmEndpoint, LlmError, LlmErrorKind, VisionClient, VisionSupport } from './types.ts';
export type { KeyChoice } from './key-binding.ts';

/**
 * The connection a dataset's LLM settings describe. The key never comes from the dataset: `key` is
 * what key-binding.ts chose for this URL's origin (often none, with a note saying why).
 */
export function endpointFor(llm: LlmConfig, key: KeyChoice): LlmEndpoint {
  const endpoint: LlmEndpoint = { api: llm.api, baseUrl: llm.baseUrl, model: llm.model, timeoutMs: llm.timeoutMs, retries: llm.retries };
  if (key.apiKey) Object.assign(endpoint, { apiKey: key.apiKey, keySource: key.source });
  else if (key.note) endpoint.keyNote = key.note;
  return endpoint;
}

export function createVisionClient(endpoint: LlmEndpoint): VisionClient {
  const transport: Transport = endpoint.api === 'ollama' ? ollamaTransport(endpoint) : openaiTransport(endpoint);
  const where = serverName(endpoint);
  const chatPath = endpoint.api === 'ollama' ? '/api/chat' : '/chat/completions';
  const policy = {
    retries: endpoint.retries,
    backoffMs: endpoint.backoffMs ?? DEFAULT_BACKOFF_MS,
    maxBackoffMs: MAX_BACKOFF_MS,
    maxRetryAfterMs: MAX_RETRY_AFTER_MS,
  };

  return {
    async describe(req) {
      const { result, attempts } = await withRetries(
        () => runAttempt(async (signal) => acceptAnswer(await transport.chat(req, signal)), {
          timeoutMs: endpoint.timeoutMs,
          signal: req.signal,
          classify: (thrown) => transport.classify(thrown, chatPath),
        }),
        policy,
        req.signal,
      );
      return result.ok ? result : { ok: false, error: toLlmError(where, result.error, attempts) };
    },

    // Before a job: bounded like "Test connection", but a model still loading may take the full timeout.
    vision: (signal) => checkVision(endpoint, transport, { timeoutMs: Math.max(endpoint.timeoutMs, CHECK_TIMEOUT_MS), signal }),

    // The whole "Test connection" logic lives in check.ts.
    check: () => checkServer(endpoint, transport),
  };
}

function toLlmError(where: string, failure: AttemptFailure, attempts: number): LlmError {
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  return { kind: failure.kind, message: `${where}: ${failure.message}${tries}`, attempts };
}
