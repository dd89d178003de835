export type { CaptionDoc, CaptionLayout } from './types.ts';
export { parseCaption, splitFirstLine } from './parse.ts';
export { serializeCaption, firstLine } from './serialize.ts';
export { editCaption, rebuildCaption, normalizeTags, normalizeProse, sameTags, DEFAULT_SEPARATOR } from './edit.ts';
export { splitSentences } from './sentences.ts';
export { locateProse, type ProseLocation } from './prose-rule.ts';
