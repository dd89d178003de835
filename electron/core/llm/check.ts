import type { LlmEndpoint } from './types.ts';

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
