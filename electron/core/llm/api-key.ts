/**
 * The API key for the LLM server, from the environment only: keys are never stored in the dataset
 * folder (it may be shared or committed). Tagsmith's own variable wins, then the two that hosted
 * OpenAI-compatible services document. Blank values count as unset.
 */
export const API_KEY_VARIABLES = ['TAGSMITH_LLM_API_KEY', 'OPENAI_API_KEY', 'OPENROUTER_API_KEY'] as const;

export function resolveApiKey(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of API_KEY_VARIABLES) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}
