import type { LlmConfig } from '../../../shared/autocaption/config.ts';
import { contextSize, retryLimit } from '../../../shared/autocaption/output-limit.ts';
import { promptFor, requestLimits, type PromptInputs } from '../../../shared/autocaption/request.ts';
import { cleanSentences, type CleanedSentences } from '../../../shared/autocaption/sentences.ts';
import { dropUnfinished } from '../../../shared/autocaption/truncation.ts';
import type { DescribeRequest, LlmAnswer, LlmError } from '../llm/client.ts';
import type { Result } from '../../../shared/result.ts';
import { firstLine } from '../workers/protocol.ts';

export type DescribeOutcome =
  | { ok: true; sentences: string; note: string | null }
  | { ok: false; kind: string; message: string };

export interface DescribeImageInput {
  llm: LlmConfig;
  /**
   * Sends one request when a server has room (the job's EndpointPool): each request, the retry with a
   * higher limit too, waits its turn there, so encoding the next image overlaps requests in flight.
   */
  send: (req: DescribeRequest) => Promise<Result<LlmAnswer, LlmError>>;
  inputs: PromptInputs;
  absPath: string;
  encodeImage: (absPath: string, maxSide: number) => Promise<Buffer>;
  signal: AbortSignal;
}

/**
 * One image through the vision LLM. A reply the token limit cut loses its unfinished sentence
 * (never written as a fragment with a period added); when that leaves fewer sentences than asked,
 * the request goes once more with twice the limit, and the better of the two answers is kept.
 */
export async function describeImage(input: DescribeImageInput): Promise<DescribeOutcome> {
  const { llm, inputs } = input;
  const { system, user } = promptFor(llm, inputs);
  const limits = requestLimits(llm, inputs.sentences, (system?.length ?? 0) + user.length);
  let jpeg: Buffer;
  try {
    jpeg = await input.encodeImage(input.absPath, limits.maxSide);
  } catch (e) {
    return { ok: false, kind: 'image', message: firstLine(e instanceof Error ? e.message : String(e)) };
  }
  const ask = (maxTokens: number) => {
    const contextTokens = limits.contextTokens === undefined ? undefined : contextSize(llm.numCtx, limits.maxSide, (system?.length ?? 0) + user.length, maxTokens);
    const sampling = { ...limits.sampling, max_tokens: maxTokens };
    // The client answers a request whose signal already aborted with kind 'cancelled' at once.
    return input.send({ jpeg, system, user, sampling, signal: input.signal, ...(contextTokens !== undefined ? { contextTokens } : {}) });
  };

  const want = inputs.sentences;
  let limit = limits.sampling.max_tokens;
  const first = await ask(limit);
  if (!first.ok) return { ok: false, kind: first.error.kind, message: first.error.message };
  let best = clean(first.value, want);
  let truncated = first.value.truncated;
  if (truncated && best.count < want) {
    limit = retryLimit(limit);
    const second = await ask(limit);
    // A failed retry (a timeout, say: a longer answer takes longer) still leaves the first answer's finished sentences.
    if (!second.ok && best.count === 0) return { ok: false, kind: second.error.kind, message: second.error.message };
    const again = second.ok ? clean(second.value, want) : null;
    if (second.ok && again && again.count >= best.count) {
      best = again;
      truncated = second.value.truncated;
    }
  }
  if (best.count === 0) {
    return truncated
      ? { ok: false, kind: 'truncated', message: `the answer was cut by the output limit (${limit} tokens) before one sentence was finished; raise "Max tokens"` }
      : { ok: false, kind: 'malformed', message: 'the model answered with no sentence' };
  }
  const cut = truncated && best.tooFew ? ', the rest was cut by the output limit' : '';
  const note = best.tooFew ? `${best.count} of ${want} sentences${cut}` : null;
  return { ok: true, sentences: best.text, note };
}

function clean(answer: { text: string; truncated: boolean }, want: number): CleanedSentences {
  return cleanSentences(answer.truncated ? dropUnfinished(answer.text) : answer.text, want);
}
