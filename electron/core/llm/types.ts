import type { RequestSampling } from '../../../models/prompts.ts';
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
  /** Overrides the endpoint's model (a check judges the model it picked from the server's list). */
  model?: string;
  jpeg: Buffer;
  system: string | null;
  user: string;
  sampling: RequestSampling;
  /** Ollama's options.num_ctx for this request (output-limit.ts contextSize); other APIs size their context at start-up. */
  contextTokens?: number;
  signal?: AbortSignal;
}

export interface LlmAnswer {
  /** The answer as the model wrote it ('' possible only when truncated). */
  text: string;
  /** The token limit stopped it (finish_reason / done_reason `length`): the last sentence may be unfinished. */
  truncated: boolean;
}

/** Whether the server can take images: from llama.cpp /props, Ollama /api/show, or a one-pixel probe. */
export interface VisionSupport {
  /** null: nothing told (an older server, or the probe failed for another reason). */
  vision: boolean | null;
  /** One line: how it was found out, or how to start the server right. */
  message: string;
}

export interface VisionClient {
  /** The raw answer. Never throws: every failure comes back as an LlmError. */
  describe(req: DescribeRequest): Promise<Result<LlmAnswer, LlmError>>;
  /** Can the server see images at all (asked once before a job and by "Test connection")? Never throws. */
  vision(signal?: AbortSignal): Promise<VisionSupport>;
  /** "Test connection" (check.ts): reachable? model present? Lists the server's models. Never throws. */
  check(): Promise<LlmCheck>;
}

export const LLM_ERROR_KINDS = [
  'http', 'rate-limited', 'server-error', 'network', 'timeout', 'malformed', 'refusal', 'cancelled', 'auth', 'not-found',
  /** The server runs a model without image input (llama.cpp without --mmproj, a text-only model). */
  'no-vision',
] as const;
export type LlmErrorKind = (typeof LLM_ERROR_KINDS)[number];

export interface LlmError extends AppError {
  kind: LlmErrorKind;
  /** Requests actually sent; 0 when cancelled before the first. */
  attempts: number;
}
