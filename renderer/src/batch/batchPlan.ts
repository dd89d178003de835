import type { BatchPreview, BatchTarget } from '../../../shared/contract/index.ts';
import type { TagOp } from '../../../shared/tags/index.ts';
import type { BatchStep } from '../store/types.ts';

/** Where the batch panel is: what it shows in its status line and which buttons it offers. */
export type Phase =
  | { kind: 'editing' }
  | { kind: 'busy'; what: string }
  /** The preview of exactly these steps over exactly this target: Apply sends the same. */
  | { kind: 'previewed'; preview: BatchPreview; steps: BatchStep[]; target: BatchTarget }
  /** `entrySeq`: the journal entry the apply made, so the status can follow undo and redo. */
  | { kind: 'done'; message: string; label: string; entrySeq: number | null }
  | { kind: 'failed'; message: string };

/** The history's words for a chain of steps: one undo step, named after all of them. */
export const batchLabel = (steps: readonly BatchStep[]): string => steps.map((s) => s.label).join('; ').slice(0, 500);

/** Steps that could write a caption where there is none (so "create missing" is worth offering). */
export const createsCaptions = (ops: readonly TagOp[]): boolean => ops.some((op) => op.op === 'add' || op.op === 'trigger');
