import type { RuleId } from '../types.ts';
import { clipBudget } from './clip-budget.ts';
import { duplicateImage } from './duplicate-image.ts';
import { empty } from './empty.ts';
import { filler } from './filler.ts';
import { generic } from './generic.ts';
import { groupConflict, groupMissing } from './groups.ts';
import { identical } from './identical.ts';
import { nearDuplicate } from './near-duplicate.ts';
import { repeatedTag } from './repeated-tag.ts';
import type { Rule } from './rule.ts';
import { sentenceCount } from './sentence-count.ts';
import { triggerMissing, triggerNotFirst } from './trigger.ts';
import { underscoreMix } from './underscore-mix.ts';

/** Every rule id has its rule: the Record type makes a new id in RULE_IDS a compile error here. */
export const RULES: Readonly<Record<RuleId, Rule>> = {
  identical,
  'near-duplicate': nearDuplicate,
  generic,
  'trigger-missing': triggerMissing,
  'trigger-not-first': triggerNotFirst,
  'group-missing': groupMissing,
  'group-conflict': groupConflict,
  'clip-budget': clipBudget,
  'duplicate-image': duplicateImage,
  empty,
  'repeated-tag': repeatedTag,
  filler,
  'sentence-count': sentenceCount,
  'underscore-mix': underscoreMix,
};

export type { Draft, Rule } from './rule.ts';
