import type { EditResult } from '../../../shared/contract/index.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The status line after a batch edit (the batch panel's, a lint fix's): what changed, what was skipped. */
export function appliedMessage(result: EditResult): string {
  const refused = result.conflicts.length ? `; ${plural(result.conflicts.length, 'file')} skipped (changed on disk or unreadable)` : '';
  if (result.written === 0) return `No caption changed${refused}`;
  return `Changed ${plural(result.written, 'caption')}; Ctrl+Z to undo${refused}`;
}
