import fs from 'node:fs';
import type { $ZodError, $ZodType } from 'zod/v4/core';
import * as z from '../../../shared/schema/zod-mini.ts';
import { errnoLine, isErrno } from './errno.ts';

/*
 * Reading a JSON file a person may edit by hand (the user config, review marks): missing is normal,
 * and anything else that keeps the file from validating is reported in one line naming the file, so
 * the caller can fall back to defaults and refuse to overwrite what is there.
 */

export type JsonFileRead<T> =
  | { state: 'missing' }
  | { state: 'ok'; value: T }
  | { state: 'invalid'; message: string };

export async function readJsonFile<T>(file: string, schema: $ZodType<T>): Promise<JsonFileRead<T>> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return { state: 'missing' };
    return { state: 'invalid', message: `cannot read ${file}: ${errnoLine(e)}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { state: 'invalid', message: `${file} is not valid JSON: ${errnoLine(e)}` };
  }
  const parsed = z.safeParse(schema, raw);
  if (!parsed.success) return { state: 'invalid', message: `${file}: ${zodLine(parsed.error)}` };
  return { state: 'ok', value: parsed.data };
}

/** zod's readable report on one line. */
export const zodLine = (error: $ZodError): string => z.prettifyError(error).replace(/\s*\n\s*/g, '; ');
