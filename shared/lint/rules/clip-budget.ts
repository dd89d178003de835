import { count, verb } from '../text.ts';
import type { Rule } from './rule.ts';

/*
 * clip-budget: line 1 (what trainers read) costs more tokens than settings.clipBudget, counted with
 * the caller's countTokens (CLIP's BPE, or the estimate). 75 is one CLIP chunk; 150 / 225 match
 * kohya's --max_token_length. Past the budget the text encoder never sees the words.
 */
export const clipBudget: Rule = (ctx) => {
  const budget = ctx.input.settings.clipBudget;
  const indices: number[] = [];
  let longest = 0;
  for (const e of ctx.captioned) {
    const tokens = ctx.input.countTokens(e.line);
    if (tokens <= budget) continue;
    indices.push(e.index);
    longest = Math.max(longest, tokens);
  }
  if (indices.length === 0) return [];
  return [{
    rule: 'clip-budget',
    severity: 'warning',
    indices,
    message: `${count(indices.length, 'caption')} ${verb(indices.length, 'is', 'are')} over the ${budget}-token budget (longest ${longest}): the text encoder never sees the words past it`,
  }];
};
