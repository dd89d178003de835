// Module hooks for trace-modules.mjs (they run on Node's loader thread).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (process.env.TAGSMITH_TRACE_FILE) appendFileSync(process.env.TAGSMITH_TRACE_FILE, `${result.url}\n`);
  return result;
}
