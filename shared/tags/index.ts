export { TagOpSchema, AddPositionSchema, type TagOp, type AddPosition } from './ops.ts';
export { applyOps, type OpContext } from './apply.ts';
export { planBatch, type BatchItem, type BatchChange } from './batch.ts';
export { tagFrequencies } from './frequencies.ts';
export { triggerWordsAfter } from './triggers.ts';
export { KAOMOJI, underscoresToSpaces } from './kaomoji.ts';
export { validateOps, patternProblem, InvalidOpError } from './compile.ts';
