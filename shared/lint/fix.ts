import type { TagOp } from '../tags/index.ts';
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
 *   underscore-mix                      -> underscoresToSpaces (on the captions with underscores;
 *                                          kaomoji and trigger words are kept)
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
      const words = [...new Set(ctx.triggerWords.map((w) => w.trim()).filter((w) => w !== '' && !w.includes(',')))];
      if (words.length === 0) return null;
      const verb = finding.rule === 'trigger-missing' ? 'Add' : 'Move';
      return { label: `${verb} ${listOf(words.map(q), 4)} to the front`, ops: [{ op: 'trigger', words }], ids };
    }
    case 'underscore-mix':
      return { label: 'Write underscores as spaces (kaomoji kept)', ops: [{ op: 'underscoresToSpaces' }], ids };
    default:
      return null;
  }
}
