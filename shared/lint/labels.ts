import type { RuleId, Severity } from './types.ts';

/** Rules and severities in words, for the editor's lint panel and badges (and anything else that names them). */
export const RULE_LABELS = {
  identical: 'Identical captions',
  'near-duplicate': 'Near-duplicate captions',
  generic: 'Generic captions',
  'trigger-missing': 'Trigger word missing',
  'trigger-not-first': 'Trigger word not first',
  'group-missing': 'Missing group tag',
  'group-conflict': 'Conflicting group tags',
  'clip-budget': 'Over the token budget',
  'duplicate-image': 'Same picture, different captions',
  empty: 'Empty captions',
  'repeated-tag': 'Repeated tags',
  filler: 'Filler phrases',
  'sentence-count': 'Wrong sentence count',
  'underscore-mix': 'Mixed underscores and spaces',
} as const satisfies Record<RuleId, string>;

export const SEVERITY_LABELS = { error: 'Error', warning: 'Warning', info: 'Info' } as const satisfies Record<Severity, string>;

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
export const worse = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b);
