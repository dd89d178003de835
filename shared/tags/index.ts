export { TagOpSchema, AddPositionSchema, type TagOp, type AddPosition } from './ops.ts';
export { applyOps, type OpContext } from './apply.ts';
export { planBatch, compileBatch, isUncaptioned, type BatchItem, type BatchChange, type BatchOptions } from './batch.ts';
export { tagFrequencies } from './frequencies.ts';
export { triggerWordsAfter } from './triggers.ts';
export { KAOMOJI, underscoresToSpaces } from './kaomoji.ts';
export { validateOps, patternProblem, InvalidOpError } from './compile.ts';
export { tagKey, isTriggerOnly } from './tag-key.ts';
