import { looksLikeRefusal } from '../../../shared/autocaption/sentences.ts';
import { AttemptError, malformed, oneLine } from './errors.ts';
import type { LlmAnswer } from './types.ts';

/** What a transport pulled out of a well-formed response, before we judge the text. */
export interface RawAnswer {
  text: string | null;
  /** OpenAI's structured refusal field, when the server fills it. */
  refusal: string | null;
  finishReason: string | null;
}

/**
 * The answer, or an AttemptError: `malformed` (retried once) or `refusal` (final). What reads as a
 * refusal is decided in one place, shared/autocaption/sentences.ts.
 *
 * `length` (OpenAI's finish_reason, Ollama's done_reason) means the token limit stopped the model:
 * the answer comes back marked truncated, even when empty (a thinking model cut inside its
 * reasoning, whose server keeps the reasoning apart), so the caller can drop the unfinished sentence
 * and ask again with more room rather than resend the same request.
 */
export function acceptAnswer(answer: RawAnswer): LlmAnswer {
  if (answer.refusal) throw refusal(answer.refusal);
  if (answer.finishReason === 'content_filter') throw refusal(answer.text || 'stopped by the content filter');
  const truncated = answer.finishReason === 'length';
  const text = answer.text?.trim() ?? '';
  if (text === '' && !truncated) throw malformed('the answer has no text');
  if (text !== '' && looksLikeRefusal(text)) throw refusal(text);
  return { text, truncated };
}

function refusal(text: string): AttemptError {
  return new AttemptError({ kind: 'refusal', message: `the model refused: "${oneLine(text, 120)}"`, retry: 'never' });
}
