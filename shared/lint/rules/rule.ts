import type { LintContext } from '../prepare.ts';
import type { RuleId, Severity } from '../types.ts';

/** A finding before image ids are filled in: `indices` are dataset positions, in any order. */
export interface Draft {
  rule: RuleId;
  severity: Severity;
  indices: readonly number[];
  message: string;
  tags?: readonly string[];
}

/** One rule over the prepared dataset; it only ever returns drafts of its own rule id. */
export type Rule = (ctx: LintContext) => Draft[];
