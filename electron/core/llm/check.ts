import type { LlmCheck } from '../../../shared/contract/jobs.ts';
import { runAttempt } from './attempt.ts';
import { serverName } from './errors.ts';
import type { Transport } from './transport.ts';
import type { LlmEndpoint } from './types.ts';
import { checkVision } from './vision.ts';

/*
 * "Test connection", all of it: ask the server for its models (OpenAI-compatible `/v1/models`, Ollama
 * `/api/tags`, through the same transports describe() uses), choose the model to judge, and say in one
 * line whether a job would find it and whether it can see images (vision.ts). The dialog fills its model combobox from `models` and, when the
 * field was empty, takes `model`.
 */

/** "Test connection" must answer promptly even when describe() may wait minutes for a slow model. */
export const CHECK_TIMEOUT_MS = 15_000;

/** Where each API lists its models, for error messages ("… answered 404 for /api/tags"). */
export const modelsPath = (api: LlmEndpoint['api']): string => (api === 'ollama' ? '/api/tags' : '/models');

/** The model a check judges: the one configured, else the first the server lists (a fresh form names none). */
export function chooseModel(configured: string, listed: readonly string[]): { model: string; picked: boolean } {
  const model = configured.trim();
  if (model !== '' || listed.length === 0) return { model, picked: false };
  return { model: listed[0]!, picked: true };
}

/** Lists the server's models (one attempt, bounded wait) and judges the configured or chosen model. Never throws. */
export async function checkServer(endpoint: LlmEndpoint, transport: Transport): Promise<LlmCheck> {
  const where = serverName(endpoint);
  const listed = await runAttempt((signal) => transport.listModels(signal), {
    timeoutMs: Math.min(endpoint.timeoutMs, CHECK_TIMEOUT_MS),
    classify: (thrown) => transport.classify(thrown, modelsPath(endpoint.api)),
  });
  if (!listed.ok) return { ok: false, message: `${where}: ${listed.error.message}`, models: [], model: endpoint.model.trim() };
  const { model, picked } = chooseModel(endpoint.model, listed.value);
  const { ok, summary } = summariseModels({ ...endpoint, model }, listed.value);
  const note = picked ? '; no model was set, so the first one listed is used' : '';
  if (!ok) return { ok, message: `Connected to ${where}: ${summary}${note}`, models: listed.value, model };
  const vision = await checkVision({ ...endpoint, model }, transport, { timeoutMs: Math.min(endpoint.timeoutMs, CHECK_TIMEOUT_MS) });
  // Only a server that says it cannot see images fails the check; one that does not tell is given the benefit.
  return { ok: vision.vision !== false, message: `Connected to ${where}: ${summary}${note}; ${vision.message}`, models: listed.value, model };
}

/**
 * Whether the configured model will be found, judged from the server's model list.
 *
 * - Ollama routes strictly by name and never pulls on its own: the model must be listed (`llava`
 *   means `llava:latest`), and an empty name cannot work.
 * - OpenAI-compatible servers differ. llama.cpp serves the one model it loaded, lists it under a
 *   file name and ignores the requested name; vLLM and OpenRouter route by name. So: listed → ok;
 *   not listed on a server listing at most one model → still ok, with a warning (that is
 *   llama.cpp's normal case); not listed among several → not ok, as the server routes by name.
 *   An empty name is ok: single-model servers take any.
 */
export function summariseModels(endpoint: LlmEndpoint, models: string[]): { ok: boolean; summary: string } {
  const count = `${models.length} model${models.length === 1 ? '' : 's'}`;
  const names = preview(models);
  const model = endpoint.model.trim();
  if (endpoint.api === 'ollama') {
    if (model === '') return { ok: false, summary: `${count}, but no model is set${names ? ` (installed: ${names})` : ''}` };
    const found = models.find((m) => m === model || m === `${model}:latest`);
    if (found) return { ok: true, summary: `${count}, ${found} available` };
    return { ok: false, summary: `${count}, but "${model}" is not installed; run "ollama pull ${model}"` };
  }
  if (model === '') return { ok: true, summary: `${count}${names ? ` (${names})` : ''}; no model name set, the server's default answers` };
  if (models.includes(model)) return { ok: true, summary: `${count}, ${model} available` };
  if (models.length <= 1) {
    return {
      ok: true,
      summary: `${count}${names ? ` (${names})` : ''}; "${model}" is not listed, a single-model server such as llama.cpp answers with the model it loaded`,
    };
  }
  return { ok: false, summary: `${count}, but "${model}" is not one of them (${names})` };
}

function preview(models: string[], max = 3): string {
  const shown = models.slice(0, max).join(', ');
  return models.length > max ? `${shown}, …` : shown;
}
