/*
 * The LLM "Model name" combobox's rules: which of the server's models the list offers, and the line
 * under the field. The list comes from "Test connection" (llm.check), never from a guess.
 */

/**
 * The options shown: all of them when the list was opened (click, ↓) or the field holds one of them
 * exactly; while typing, those containing the text, case-insensitively.
 */
export function comboOptions(models: readonly string[], text: string, typing: boolean): readonly string[] {
  const needle = text.trim().toLowerCase();
  if (!typing || needle === '' || models.includes(text.trim())) return models;
  return models.filter((m) => m.toLowerCase().includes(needle));
}

/** The hint under the field: how to get the list, or that it is there. */
export function serverModelsHint(count: number): string {
  if (count === 0) return 'Test connection lists the models the server has.';
  return `${count} model${count === 1 ? '' : 's'} on the server: click the field or press ↓ to choose.`;
}
