import { parseCaption, serializeCaption, splitFirstLine } from '../caption/index.ts';
import { runCompiled, type OpContext } from './apply.ts';
import { compileOps, mayChange } from './compile.ts';
import type { TagOp } from './ops.ts';

/** `text: null`: the image has no caption file yet. */
export interface BatchItem {
  id: string;
  text: string | null;
}

export interface BatchChange {
  id: string;
  before: string | null;
  /** null: the caption would be left blank, so its file is deleted (a blank caption file trains like none, and kohya stops on an empty one). */
  after: string | null;
}

export interface BatchOptions {
  /**
   * Also edit images without a caption (no file, or a blank line 1), creating their caption. Off by
   * default: adding a trigger word to "every image" must not turn uncaptioned images into
   * trigger-only ones that auto-caption's "skip captioned" then skips.
   */
  createMissing?: boolean;
}

/** No caption a trainer would read: no file, or nothing but white space on line 1 (what trainers read). */
export const isUncaptioned = (text: string | null): boolean => text === null || splitFirstLine(text).line.trim() === '';

/**
 * Runs one op list over many captions and returns only the captions whose text changes. Images
 * without a caption are left alone unless `createMissing`; a caption an edit leaves blank is
 * reported with `after: null` (its file is deleted, so no edit ever leaves a 0-byte file behind).
 * Throws InvalidOpError for a bad regex (check first with validateOps).
 */
export function planBatch(items: readonly BatchItem[], ops: readonly TagOp[], ctx: OpContext, opts: BatchOptions = {}): BatchChange[] {
  const planOne = compileBatch(ops, ctx, opts);
  const changes: BatchChange[] = [];
  for (const item of items) {
    const change = planOne(item);
    if (change) changes.push(change);
  }
  return changes;
}

/**
 * planBatch one caption at a time, with the op list compiled once: for a caller that plans a big
 * batch in time slices. Returns the caption's change, or null when it does not change.
 */
export function compileBatch(ops: readonly TagOp[], ctx: OpContext, opts: BatchOptions = {}): (item: BatchItem) => BatchChange | null {
  if (ops.length === 0) return () => null;
  const compiled = compileOps(ops, ctx.triggerWords);
  return (item) => {
    if (!opts.createMissing && isUncaptioned(item.text)) return null;
    const before = item.text ?? '';
    if (!mayChange(before, compiled.needles)) return null;
    const doc = parseCaption(before);
    const next = runCompiled(doc, compiled, ctx);
    if (next === doc) return null;
    const text = serializeCaption(next);
    if (text === before) return null;
    // Blank through and through (String.trim also drops a BOM): nothing left worth a file.
    const after = text.trim() === '' ? null : text;
    if (after === null && item.text === null) return null;
    return { id: item.id, before: item.text, after };
  };
}
