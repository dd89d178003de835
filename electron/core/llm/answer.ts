import { AttemptError, malformed, oneLine } from './errors.ts';

/** What a transport pulled out of a well-formed response, before we judge the text. */
export interface RawAnswer {
  text: string | null;
  /** OpenAI's structured refusal field, when the server fills it. */
  refusal: string | null;
  finishReason: string | null;
}

/**
 * Refusals are recognised only at the very start of the answer: a caption that later says "sorry"
 * (a sign reading "Sorry, we're closed") is still a caption.
 */
const REFUSAL_OPENING = /^\s*(?:I['’]m sorry|I am sorry|Sorry, (?:but )?I|I apologi[sz]e|I can(?:not|['’]t) (?:help|assist|comply|provide|describe|fulfil)|I(?:['’]m| am) (?:unable|not able) to|I won['’]t be able to)/i;

export function looksLikeRefusal(text: string): boolean {
  return REFUSAL_OPENING.test(text);
}

/** The answer text, or an AttemptError: `malformed` (retried once) or `refusal` (final). */
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
