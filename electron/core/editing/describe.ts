import type { TagOp } from '../../../shared/tags/ops.ts';

/** A journal label a person recognises in the history list and in `tagsmith history`. */
export function describeOps(ops: readonly TagOp[]): string {
  const q = (s: string) => JSON.stringify(s);
  const list = (tags: readonly string[]) => tags.map(q).join(', ');
  return ops.map((op) => {
    switch (op.op) {
      case 'add': return `add ${list(op.tags)}${op.at === 'end' ? '' : ` at ${op.at}`}`;
      case 'remove': return `remove ${list(op.tags)}`;
      case 'replace': return `replace ${q(op.from)} with ${q(op.to)}`;
      case 'replaceText': return `replace text ${op.regex ? `/${op.find}/` : q(op.find)} with ${q(op.replace)}`;
      case 'moveFront': return `move ${list(op.tags)} to front`;
      case 'sort': return `sort ${op.by}`;
      case 'dedupe': return 'dedupe';
      case 'underscoresToSpaces': return 'underscores to spaces';
      case 'trigger': return `trigger ${list(op.words)}`;
    }
  }).join('; ');
}
