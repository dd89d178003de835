export * from './config.ts';
export { parseSelectedTags, CATEGORY, type TagLabel } from './labels.ts';
export {
  selectTags,
  mcutThreshold,
  tagKey,
  parseTagRules,
  formatTagRules,
  CHARACTER_MCUT_FLOOR,
  type SelectConfig,
  type ScoredTag,
  type TagSelection,
} from './select-tags.ts';
export { renderPrompt, sentenceCount, formatTags, type PromptVars, type RenderedPrompt } from './prompt.ts';
export { cleanSentences, looksLikeRefusal, type CleanedSentences } from './sentences.ts';
export { mergeCaption, type GeneratedCaption, type MergeOptions } from './merge.ts';
