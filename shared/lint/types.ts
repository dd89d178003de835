import { z } from 'zod';

/*
 * Caption lint: what a finding is, which rules exist, and the per-dataset lint settings. The rules
 * are pure (shared/lint/rules/), run by the core over the dataset's captions (electron/core/lint/),
 * shown in the UI's lint panel and printed by `tagsmith lint`.
 */

export const RULE_IDS = [
  'identical', // two or more images with the same caption
  'near-duplicate', // tags nearly the same and sentences nearly the same
  'generic', // nothing in the caption tells this image apart from most of the dataset
  'trigger-missing',
  'trigger-not-first',
  'group-missing', // an image has no tag of a required tag group (camera angle, pose, framing)
  'group-conflict', // contradicting tags of one exclusive group (standing + sitting)
  'clip-budget', // over 75 tokens (150 / 225 with kohya's longer captions)
  'duplicate-image', // the same picture twice (perceptual hash) with different captions
  'empty',
  'repeated-tag',
  'filler', // "There is", "We can see", "looks like"... left in the sentences
  'sentence-count', // not the dataset's N sentences
  'underscore-mix', // `long_hair` in some captions, `long hair` in others
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TagGroupSchema = z.object({
  name: z.string().min(1),
  tags: z.array(z.string().min(1)).min(1),
  /** At most one tag of the group per caption (standing and sitting contradict). */
  exclusive: z.boolean().default(true),
  /** Every captioned image should have one tag of the group. */
  required: z.boolean().default(true),
});
export type TagGroup = z.infer<typeof TagGroupSchema>;

export const DEFAULT_TAG_GROUPS: TagGroup[] = [
  { name: 'camera angle', tags: ['low angle', 'high angle', 'from above', 'from below', 'eye level', 'from side', 'from behind'], exclusive: true, required: true },
  { name: 'pose', tags: ['standing', 'sitting', 'kneeling', 'lying', 'squatting'], exclusive: true, required: true },
  { name: 'framing', tags: ['close-up', 'upper body', 'cowboy shot', 'full body'], exclusive: true, required: true },
];

export const LintSettingsSchema = z.looseObject({
  /** Rules silenced for this dataset. */
  disabled: z.array(z.enum(RULE_IDS)).default(() => []),
  groups: z.array(TagGroupSchema).default(() => DEFAULT_TAG_GROUPS.map((g) => ({ ...g, tags: [...g.tags] }))),
  /** Tokens per caption: 75 (one CLIP chunk), or 150 / 225 for kohya's --max_token_length. */
  clipBudget: z.union([z.literal(75), z.literal(150), z.literal(225)]).default(75),
  /** Similarity (0-1) at or above which two captions count as near-duplicates. */
  nearDuplicate: z.number().min(0.5).max(1).default(0.9),
  /** Hamming distance (of 64 bits) at or below which two images count as the same picture. */
  imageDistance: z.number().int().min(0).max(32).default(6),
});
export type LintSettings = z.infer<typeof LintSettingsSchema>;

export const LintFindingSchema = z.object({
  rule: z.enum(RULE_IDS),
  severity: z.enum(SEVERITIES),
  /** Image ids (paths relative to the root) the finding is about. */
  images: z.array(z.string()),
  /** One short line: why this is a problem here. */
  message: z.string(),
  /** The tags the finding is about, where that is a definite list (e.g. the underscore spellings of underscore-mix). */
  tags: z.array(z.string()).optional(),
});
export type LintFinding = z.infer<typeof LintFindingSchema>;

export const LintSummarySchema = z.object({
  images: z.number(),
  captioned: z.number(),
  /** Share of captioned images whose tag set no other image has (1 = every tag set unique). */
  uniqueTagSets: z.number(),
  /** Mean pairwise caption similarity (0 = nothing shared, 1 = all the same); sampled on large sets. */
  meanSimilarity: z.number(),
  distinctTags: z.number(),
  meanTags: z.number(),
  /** One word for the set: healthy / repetitive / sparse... and why, in one line. */
  verdict: z.string(),
});
export type LintSummary = z.infer<typeof LintSummarySchema>;

export const LintReportSchema = z.object({
  findings: z.array(LintFindingSchema),
  /** Images concerned, per rule (an image counted once per rule). */
  counts: z.record(z.enum(RULE_IDS), z.number()),
  summary: LintSummarySchema,
  /** How tokens were counted: CLIP's own BPE (a vocabulary file was found) or the documented estimate. */
  tokenizer: z.enum(['clip-bpe', 'estimate']),
  /** Whether duplicate pictures were looked for (perceptual hashes computed for every image). */
  imageHashes: z.enum(['done', 'off', 'failed']),
  durationMs: z.number(),
});
export type LintReport = z.infer<typeof LintReportSchema>;
