import { underscoresToSpaces, type TagOp } from '../tags/index.ts';
import { cleanWords } from '../tags/triggers.ts';
import { MAX_BATCH_OPS } from '../contract/models.ts';
import { listOf, q } from './text.ts';
import type { LintFinding } from './types.ts';

/** A mechanical fix: these ops applied to these images as one batch edit (one undo step). */
export interface LintFix {
  label: string;
  ops: TagOp[];
  ids: string[];
}

/**
 * The fix for a finding when one exists without a human choice:
 *   repeated-tag                        -> dedupe (removes exact repeats, the ones the rule reports)
 *   trigger-missing, trigger-not-first  -> trigger (adds the missing words, puts all of them first)
 *   underscore-mix                      -> replace each mixed spelling (`long_hair` -> `long hair`) in
 *                                          the captions holding it; other underscore tags stay
 * Everything else needs a decision (which group tag, which of two captions, what is specific to an
 * image): null. Group tags are added from the UI with an `add` op the user fills in.
 */
export function fixFor(finding: LintFinding, ctx: { triggerWords: readonly string[] }): LintFix | null {
  const ids = [...finding.images];
  if (ids.length === 0) return null;
  switch (finding.rule) {
    case 'repeated-tag':
      return { label: 'Remove repeated tags', ops: [{ op: 'dedupe' }], ids };
    case 'trigger-missing':
    case 'trigger-not-first': {
      const words = cleanWords(ctx.triggerWords);
      if (words.length === 0) return null;
      const verb = finding.rule === 'trigger-missing' ? 'Add' : 'Move';
      return { label: `${verb} ${listOf(words.map(q), 4)} to the front`, ops: [{ op: 'trigger', words }], ids };
    }
    case 'underscore-mix': {
      // Only the mixed spellings: a tag written with underscores everywhere is consistent and stays.
      // A batch takes at most 100 ops; beyond that, every underscore tag of those captions goes.
      const tags = finding.tags ?? [];
      if (tags.length === 0 || tags.length > MAX_BATCH_OPS) {
        return { label: 'Write underscores as spaces (kaomoji kept)', ops: [{ op: 'underscoresToSpaces' }], ids };
      }
      const ops: TagOp[] = tags.map((from) => ({ op: 'replace', from, to: underscoresToSpaces(from) }));
      return { label: `Write ${listOf(tags.map(q), 3)} with spaces`, ops, ids };
    }
    default:
      return null;
  }
}
