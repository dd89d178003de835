import * as z from '../schema/zod-mini.ts';
import { LINT_SETTINGS_VERSION, migrateGroups } from './settings-migration.ts';

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
  'group-missing', // no tag of a group most captions state (or the dataset requires): camera angle, pose, framing
  'group-conflict', // contradicting tags of one exclusive group (standing + sitting)
  'clip-budget', // over 75 tokens (150 / 225 with kohya's longer captions)
  'duplicate-image', // the same picture twice (perceptual hash confirmed by colour) with different captions
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
  name: z.string().check(z.minLength(1)),
  tags: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  /** At most one tag of the group per caption (standing and sitting contradict). */
  exclusive: z._default(z.boolean(), true),
  /**
   * Every captioned image must have one tag of the group, whatever the others do. When false (the
   * default) the group is a consistency rule: a caption is flagged for lacking it only when most
   * captions state one (LintSettings.groupMajority). A style dataset with no pose is not wrong.
   */
  required: z._default(z.boolean(), false),
});
export type TagGroup = z.infer<typeof TagGroupSchema>;

export const DEFAULT_TAG_GROUPS: TagGroup[] = [
  { name: 'camera angle', tags: ['low angle', 'high angle', 'from above', 'from below', 'eye level', 'from side', 'from behind'], exclusive: true, required: false },
  { name: 'pose', tags: ['standing', 'sitting', 'kneeling', 'lying', 'squatting'], exclusive: true, required: false },
  { name: 'framing', tags: ['close-up', 'upper body', 'cowboy shot', 'full body'], exclusive: true, required: false },
];

/**
 * Stored in settings.json under `lint`. `version` is absent in files written before tag groups became
 * consistency rules; those are migrated on read (settings-migration.ts) and saved as current by the next save.
 */
export const LintSettingsSchema = z.pipe(
  z.looseObject({
  version: z.optional(z.literal(LINT_SETTINGS_VERSION)),
  /** Rules silenced for this dataset. */
  disabled: z._default(z.array(z.enum(RULE_IDS)), () => []),
  groups: z._default(z.array(TagGroupSchema), () => DEFAULT_TAG_GROUPS.map((g) => ({ ...g, tags: [...g.tags] }))),
  /**
   * Share of captioned images (0-1) that must state a tag of a group before the others are flagged
   * for lacking one: a group most of the set states is the set's convention, one it rarely states is not.
   */
  groupMajority: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.6),
  /** Tokens per caption: 75 (one CLIP chunk), or 150 / 225 for kohya's --max_token_length. */
  clipBudget: z._default(z.union([z.literal(75), z.literal(150), z.literal(225)]), 75),
  /** Similarity (0-1) at or above which two captions count as near-duplicates. */
  nearDuplicate: z._default(z.number().check(z.minimum(0.5), z.maximum(1)), 0.9),
  /**
   * Hamming distance (of 64 bits) at or below which two perceptual hashes are candidates for the same
   * picture; their colour grids must agree too (electron/core/lint/colour-grid.ts).
   */
  imageDistance: z._default(z.int().check(z.minimum(0), z.maximum(32)), 6),
  }),
  z.transform((lint) => ({
    ...lint,
    version: LINT_SETTINGS_VERSION,
    groups: lint.version === undefined ? migrateGroups(lint.groups) : lint.groups,
  })),
);
export type LintSettings = z.infer<typeof LintSettingsSchema>;
/** Lint settings as stored or sent (defaults not yet filled in, maybe an older version). */
export type LintSettingsInput = z.input<typeof LintSettingsSchema>;

export const LintFindingSchema = z.object({
  rule: z.enum(RULE_IDS),
  severity: z.enum(SEVERITIES),
  /** Image ids (paths relative to the root) the finding is about. */
  images: z.array(z.string()),
  /** One short line: why this is a problem here. */
  message: z.string(),
  /** The tags the finding is about, where that is a definite list (e.g. the underscore spellings of underscore-mix). */
  tags: z.optional(z.array(z.string())),
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
