import { parseCaption, serializeCaption } from '../caption/index.ts';
import { runCompiled, type OpContext } from './apply.ts';
import { compileOps } from './compile.ts';
import type { TagOp } from './ops.ts';

/** `text: null`: the image has no caption file yet. */
export interface BatchItem {
  id: string;
  text: string | null;
}

export interface BatchChange {
  id: string;
  before: string | null;
  after: string;
}

/**
 * Runs one op list over many captions and returns only the captions whose text changes. A missing
 * caption is edited as an empty one and only reported when the result is not empty, so e.g. `remove`
 * never creates empty files. Throws InvalidOpError for a bad regex (check first with validateOps).
 */
export function planBatch(items: readonly BatchItem[], ops: readonly TagOp[], ctx: OpContext): BatchChange[] {
  const changes: BatchChange[] = [];
  if (ops.length === 0) return changes;
  const compiled = compileOps(ops, ctx.triggerWords);
  for (const item of items) {
    const before = item.text ?? '';
    if (compiled.needles && !compiled.needles.some((needle) => before.includes(needle))) continue;
    const doc = parseCaption(before);
    const next = runCompiled(doc, compiled, ctx);
    if (next === doc) continue;
    const after = serializeCaption(next);
    if (after !== before) changes.push({ id: item.id, before: item.text, after });
  }
  return changes;
}
