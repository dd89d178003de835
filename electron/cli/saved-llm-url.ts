import * as z from '../../shared/schema/zod-mini.ts';
import { readJsonFile } from '../core/fs/json-file.ts';
import { settingsPath } from '../core/settings/settings.ts';

// Only the path to the one field: the rest of the file is the dataset's own business (and validated there).
const SavedUrlSchema = z.looseObject({
  autoCaption: z.optional(z.looseObject({ llm: z.optional(z.looseObject({ baseUrl: z.optional(z.unknown()) })) })),
});

/**
 * The LLM base URL the dataset's settings.json really stores, or null. The parsed settings always
 * hold one (the schema's default, llama.cpp's local address), so they cannot tell "the user chose
 * this server in the editor" from "nobody ever said": `tagsmith caption` without `--llm` must.
 */
export async function savedLlmUrl(root: string): Promise<string | null> {
  const read = await readJsonFile(settingsPath(root), SavedUrlSchema);
  if (read.state !== 'ok') return null;
  const url = read.value.autoCaption?.llm?.baseUrl;
  return typeof url === 'string' && url.trim() !== '' ? url : null;
}
