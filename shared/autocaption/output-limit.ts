import type { PromptPreset } from '../../models/prompts.ts';
import type { LlmConfig } from './config.ts';

/*
 * How big a request may get: the answer's token limit, the image side, and Ollama's context window.
 * Each has a user setting; unset (null), the preset decides, else a rule sized to the request.
 */

/** A short caption sentence is 15-25 words, about 20-35 tokens; 40 leaves room for a long one. */
export const TOKENS_PER_SENTENCE = 40;
/** For what a model writes around the sentences (a preamble line, list markers, a closing remark). */
export const HEADROOM_TOKENS = 100;
/** A reasoning model thinks for hundreds to thousands of tokens before it answers. */
export const THINKING_TOKENS = 8192;
/** The retry after a cut answer asks for this many times the first limit. */
export const RETRY_FACTOR = 2;
export const MAX_OUTPUT_TOKENS = 65_536;

/** Model names that say the model reasons first: Qwen3-VL-8B-Thinking, qwen3-vl:8b-thinking, QwQ. */
export function isThinkingModel(model: string): boolean {
  return /thinking|(^|[^a-z])qwq([^a-z]|$)/i.test(model);
}

/** max_tokens for a first request: the user's value, else the preset's, else scaled with the sentence count. */
export function outputLimit(llm: Pick<LlmConfig, 'maxTokens' | 'model'>, preset: Pick<PromptPreset, 'maxTokens' | 'thinking'>, sentences: number): number {
  if (llm.maxTokens !== null) return llm.maxTokens;
  const n = Number.isFinite(sentences) ? Math.max(1, Math.floor(sentences)) : 3;
  const base = preset.maxTokens ?? TOKENS_PER_SENTENCE * n + HEADROOM_TOKENS;
  // A thinking model behind a non-thinking preset (the default one, say) would spend the whole
  // limit inside <think> and never answer.
  return !preset.thinking && isThinkingModel(llm.model) ? Math.max(base, THINKING_TOKENS) : base;
}

/** The limit for the one retry after an answer was cut short. */
export const retryLimit = (limit: number): number => Math.min(MAX_OUTPUT_TOKENS, limit * RETRY_FACTOR);

/** The image's longest side: the user's, else the preset's. */
export const imageSide = (llm: Pick<LlmConfig, 'maxSide'>, preset: Pick<PromptPreset, 'maxSide'>): number => llm.maxSide ?? preset.maxSide;

/**
 * Ollama's num_ctx for one request: the setting, raised (in steps of 1024) when the image, the prompt
 * and the answer need more. Image tokens are counted as Qwen-VL does, one per 28×28 pixels (about
 * 1,340 for 1024 px, more than LLaVA-style models use); text as one token per 3 characters.
 */
export function contextSize(numCtx: number, side: number, promptChars: number, maxTokens: number): number {
  const image = Math.ceil(side / 28) ** 2;
  const text = Math.ceil(promptChars / 3);
  // The chat template's own tokens (roles, image markers).
  const template = 64;
  const need = image + text + maxTokens + template;
  return Math.max(numCtx, Math.ceil(need / 1024) * 1024);
}
