import { describe, expect, it } from 'vitest';
import { acceptAnswer } from './answer.ts';
import { AttemptError } from './errors.ts';

function failureOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof AttemptError) return e.failure;
    throw e;
  }
  throw new Error('expected an AttemptError');
}

describe('acceptAnswer', () => {
  it('returns the text, trimmed', () => {
    expect(acceptAnswer({ text: '  A woman smiles.\n', refusal: null, finishReason: 'stop' })).toEqual({ text: 'A woman smiles.', truncated: false });
  });

  it('marks an answer the token limit cut, even an empty one (a thinking model cut in its reasoning)', () => {
    expect(acceptAnswer({ text: 'A woman smiles. She wears a red', refusal: null, finishReason: 'length' })).toEqual({ text: 'A woman smiles. She wears a red', truncated: true });
    expect(acceptAnswer({ text: '', refusal: null, finishReason: 'length' })).toEqual({ text: '', truncated: true });
    expect(acceptAnswer({ text: null, refusal: null, finishReason: 'length' })).toEqual({ text: '', truncated: true });
  });

  it('treats a missing or blank answer as malformed, retried once', () => {
    for (const text of [null, '', '  \n']) {
      expect(failureOf(() => acceptAnswer({ text, refusal: null, finishReason: 'stop' }))).toMatchObject({ kind: 'malformed', retry: 'once' });
    }
  });

  it('reports a refusal, final', () => {
    const f = failureOf(() => acceptAnswer({ text: "I'm sorry, but I can't help with that.", refusal: null, finishReason: 'stop' }));
    expect(f).toEqual({ kind: 'refusal', message: 'the model refused: "I\'m sorry, but I can\'t help with that."', retry: 'never' });
  });

  it('reports OpenAI\'s structured refusal and the content filter', () => {
    expect(failureOf(() => acceptAnswer({ text: null, refusal: 'No.', finishReason: 'stop' })).kind).toBe('refusal');
    expect(failureOf(() => acceptAnswer({ text: '', refusal: null, finishReason: 'content_filter' })).kind).toBe('refusal');
  });
});

/** Whether the client turns this answer into a `refusal` failure (the rule itself: shared/autocaption/sentences.ts). */
function refused(text: string): boolean {
  try {
    acceptAnswer({ text, refusal: null, finishReason: 'stop' });
    return false;
  } catch {
    return true;
  }
}

describe('refusals in the answer text', () => {
  it.each([
    "I'm sorry, but I can't help with that.",
    'I am sorry, I cannot describe this image.',
    'Sorry, but I can\u2019t assist with that request.',
    'I cannot help with this.',
    "I can't provide a description of this image.",
    'I apologize, but I am unable to comply.',
    "I'm unable to describe explicit content.",
  ])('recognises %j', (text) => expect(refused(text)).toBe(true));

  it.each([
    'A woman holds a sign reading "Sorry, we\'re closed".',
    'The man looks sorry. He sits on a bench.',
    'I see a cat.',
  ])('leaves captions alone: %j', (text) => expect(refused(text)).toBe(false));
});
