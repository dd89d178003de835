import * as z from '../schema/zod-mini.ts';

/**
 * Tag operations as data: validated with zod so the same values can cross the CLI, IPC and HTTP.
 * Every op is applied to a set of captions as one operation (one journal entry).
 */
const nonEmpty = z.string().check(z.minLength(1));
const nonEmptyTags = z.array(nonEmpty).check(z.minLength(1));

export const AddPositionSchema = z.union([
  z.literal('start'),
  z.literal('end'),
  z.literal('afterTriggers'),
  z.int().check(z.nonnegative()),
]);
export type AddPosition = z.infer<typeof AddPositionSchema>;

export const TagOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), tags: nonEmptyTags, at: z._default(AddPositionSchema, 'end') }),
  z.object({ op: z.literal('remove'), tags: nonEmptyTags }),
  z.object({ op: z.literal('replace'), from: nonEmpty, to: z.string() }),
  z.object({
    op: z.literal('replaceText'),
    find: nonEmpty,
    replace: z.string(),
    regex: z._default(z.boolean(), false),
    caseSensitive: z._default(z.boolean(), true),
  }),
  z.object({ op: z.literal('moveFront'), tags: nonEmptyTags }),
  z.object({ op: z.literal('sort'), by: z.enum(['alpha', 'freq']) }),
  z.object({ op: z.literal('dedupe') }),
  z.object({ op: z.literal('underscoresToSpaces') }),
  z.object({ op: z.literal('trigger'), words: nonEmptyTags }),
]);
export type TagOp = z.infer<typeof TagOpSchema>;
