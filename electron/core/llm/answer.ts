import { looksLikeRefusal } from '../../../shared/autocaption/sentences.ts';
import { AttemptError, malformed, oneLine } from './errors.ts';

/** What a transport pulled out of a well-formed response, before we judge the text. */
export interface RawAnswer {
  text: string | null;
  /** OpenAI's structured refusal field, when the server fills it. */
  refusal: string | null;
  finishReason: string | null;
}

/**
 * The answer text, or an AttemptError: `malformed` (retried once) or `refusal` (final). What reads as
 * a refusal is decided in one place, shared/autocaption/sentences.ts.
 */
export function acceptAnswer(answer: RawAnswer): string {
  if (answer.refusal) throw refusal(answer.refusal);
  if (answer.finishReason === 'content_filter') throw refusal(answer.text || 'stopped by the content filter');
  const text = answer.text?.trim() ?? '';
  if (text === '') throw malformed('the answer has no text');
  if (looksLikeRefusal(text)) throw refusal(text);
  return text;
}

function refusal(text: string): AttemptError {
  return new AttemptError({ kind: 'refusal', message: `the model refused: "${oneLine(text, 120)}"`, retry: 'never' });
}
