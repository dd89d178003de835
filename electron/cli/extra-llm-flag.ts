import type { LlmExtraEndpoint } from '../../shared/autocaption/config.ts';
import { llmOrigin } from '../core/llm/key-binding.ts';
import { usageError } from './errors.ts';

/**
 * `--extra-llm URL[,model[,concurrency]]`, repeatable: one more server for the job beside `--llm`.
 * The model defaults to `--llm-model`'s (left empty here, filled by llmServers()), the concurrency to 2.
 * An http(s) URL only: anything else would never be an LLM server and never match a key.
 */
export function parseExtraLlm(value: string, previous: LlmExtraEndpoint[] = []): LlmExtraEndpoint[] {
  const [url = '', model = '', concurrency, ...rest] = value.split(',').map((part) => part.trim());
  if (rest.length > 0 || llmOrigin(url) === null) {
    throw usageError(`--extra-llm takes URL[,model[,concurrency]] with an http(s) URL, not ${JSON.stringify(value)}`);
  }
  const n = concurrency === undefined || concurrency === '' ? 2 : Number(concurrency);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw usageError(`--extra-llm concurrency must be an integer from 1 to 32, not ${JSON.stringify(concurrency)}`);
  return [...previous, { baseUrl: url, model, concurrency: n }];
}
