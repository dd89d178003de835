import type { Sampling } from '../../../models/prompts.ts';
import type { LlmCheck } from '../../../shared/contract/jobs.ts';
import type { AppError, Result } from '../../../shared/result.ts';

export interface LlmEndpoint {
  api: 'openai' | 'ollama';
  /** OpenAI-compatible: the base URL ending in /v1. Ollama: the host (http://127.0.0.1:11434). */
  baseUrl: string;
  model: string;
  /** Only a key configured for this base URL's origin (key-binding.ts); the dataset never supplies one. */
  apiKey?: string;
  /** Where the key was configured (a variable's name, the config file), for a 401's message. */
  keySource?: string;
  /** Why no key was sent although keys are configured ("no API key sent: … is not the URL …"). */
  keyNote?: string;
  /** Per attempt, not per request: a request with retries may take (retries + 1) times this. */
  timeoutMs: number;
  retries: number;
  /** first backoff delay; tests shrink it */
  backoffMs?: number;
}

export interface DescribeRequest {
  jpeg: Buffer;
  system: string | null;
  user: string;
  sampling: Sampling;
  signal?: AbortSignal;
}

export interface VisionClient {
  /** The raw answer text. Never throws: every failure comes back as an LlmError. */
  describe(req: DescribeRequest): Promise<Result<string, LlmError>>;
  /** "Test connection" (check.ts): reachable? model present? Lists the server's models. Never throws. */
  check(): Promise<LlmCheck>;
}

export const LLM_ERROR_KINDS = [
  'http', 'rate-limited', 'server-error', 'network', 'timeout', 'malformed', 'refusal', 'cancelled', 'auth', 'not-found',
] as const;
export type LlmErrorKind = (typeof LLM_ERROR_KINDS)[number];

export interface LlmError extends AppError {
  kind: LlmErrorKind;
  /** Requests actually sent; 0 when cancelled before the first. */
  attempts: number;
}
