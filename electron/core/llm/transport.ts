import type { RawAnswer } from './answer.ts';
import type { AttemptFailure } from './errors.ts';
import type { DescribeRequest } from './types.ts';

/**
 * One wire protocol, one request at a time, no retries (client.ts adds those, so both APIs retry,
 * time out and cancel the same way).
 */
export interface Transport {
  /** Throws on any failure; an AttemptError when the transport already knows what it means. */
  chat(req: DescribeRequest, signal: AbortSignal): Promise<RawAnswer>;
  /** The model names the server lists. */
  listModels(signal: AbortSignal): Promise<string[]>;
  /**
   * Whether the server says the model takes images (llama.cpp `GET /props` modalities, Ollama
   * `/api/show` capabilities), with where it said so; null when it does not say (vLLM, LM Studio,
   * older versions). Throws on a failure other than "no such endpoint".
   */
  declaredVision(signal: AbortSignal, model: string): Promise<{ vision: boolean; source: string } | null>;
  /** Turns what chat/listModels threw into a failure. */
  classify(thrown: unknown, path: string): AttemptFailure;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const stringOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
