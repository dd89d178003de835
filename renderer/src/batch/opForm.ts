import { normalizeTags } from '../../../shared/caption/index.ts';
import { patternProblem, type TagOp } from '../../../shared/tags/index.ts';

/*
 * The batch panel's form as plain data, and its translation to one TagOp. Kept apart from the
 * components so the rules (what is required, how lists are split, regex validity) are unit-tested.
 */

export type OpKind = TagOp['op'];

export interface OpForm {
  kind: OpKind;
  /** replace: the tag to find; replaceText: the text or pattern. */
  find: string;
  replace: string;
  regex: boolean;
  caseSensitive: boolean;
  /** add / remove / moveFront / trigger: comma-separated tags. */
  tags: string;
  position: 'end' | 'start' | 'index';
  index: number;
  sortBy: 'alpha' | 'freq';
}

export const OP_LABELS: Record<OpKind, string> = {
  replace: 'Replace a whole tag',
  replaceText: 'Replace text',
  add: 'Add tags',
  remove: 'Remove tags',
  moveFront: 'Move tags to the front',
  sort: 'Sort tags',
  dedupe: 'Remove duplicate tags',
  underscoresToSpaces: 'Underscores to spaces',
  trigger: 'Insert trigger words',
};

export const emptyForm = (triggerWords: readonly string[] = []): OpForm => ({
  kind: 'replace',
  find: '',
  replace: '',
  regex: false,
  caseSensitive: true,
  tags: triggerWords.join(', '),
  position: 'end',
  index: 0,
  sortBy: 'alpha',
});

export type BuiltOp =
  | { ok: true; op: TagOp; label: string }
  /** `at`: where in the Find pattern the problem is, to mark it under the field as it is typed. */
  | { ok: false; message: string; at?: number };

const list = (text: string): string[] => [...new Set(normalizeTags([text]))];
const quoted = (tags: readonly string[]) => tags.map((t) => `"${t}"`).join(', ');

function need(tags: string[], what: string): BuiltOp | null {
  return tags.length === 0 ? { ok: false, message: `Enter at least one ${what}.` } : null;
}

/** The op the form describes with a one-line label for the journal, or why it cannot run yet. */
export function buildOp(form: OpForm): BuiltOp {
  switch (form.kind) {
    case 'replace': {
      const from = form.find.trim();
      if (!from) return { ok: false, message: 'Enter the tag to replace.' };
      const to = list(form.replace).join(', ');
      return { ok: true, op: { op: 'replace', from, to }, label: to ? `Replace "${from}" with "${to}"` : `Remove "${from}"` };
    }
    case 'replaceText': {
      if (!form.find) return { ok: false, message: 'Enter the text to find.' };
      const op: TagOp = { op: 'replaceText', find: form.find, replace: form.replace, regex: form.regex, caseSensitive: form.caseSensitive };
      // The server runs the same check; doing it here marks the spot while the pattern is typed.
      const problem = patternProblem([op]);
      if (problem) return { ok: false, message: problem.problem.message, at: problem.problem.position };
      return { ok: true, op, label: `Replace ${form.regex ? `/${form.find}/` : `"${form.find}"`} with "${form.replace}"` };
    }
    case 'add': {
      const tags = list(form.tags);
      const missing = need(tags, 'tag to add');
      if (missing) return missing;
      const at = form.position === 'index' ? Math.max(0, Math.floor(form.index)) : form.position;
      return { ok: true, op: { op: 'add', tags, at }, label: `Add ${quoted(tags)}` };
    }
    case 'remove':
    case 'moveFront': {
      const tags = list(form.tags);
      const missing = need(tags, 'tag');
      if (missing) return missing;
      return { ok: true, op: { op: form.kind, tags }, label: `${form.kind === 'remove' ? 'Remove' : 'Move to front'} ${quoted(tags)}` };
    }
    case 'trigger': {
      const words = list(form.tags);
      const missing = need(words, 'trigger word');
      if (missing) return missing;
      return { ok: true, op: { op: 'trigger', words }, label: `Insert trigger words ${quoted(words)}` };
    }
    case 'sort':
      return { ok: true, op: { op: 'sort', by: form.sortBy }, label: form.sortBy === 'alpha' ? 'Sort tags alphabetically' : 'Sort tags by frequency' };
    case 'dedupe':
      return { ok: true, op: { op: 'dedupe' }, label: 'Remove duplicate tags' };
    case 'underscoresToSpaces':
      return { ok: true, op: { op: 'underscoresToSpaces' }, label: 'Underscores to spaces' };
  }
}
