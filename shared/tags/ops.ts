import { z } from 'zod';

/**
 * Tag operations as data: validated with zod so the same values can cross the CLI, IPC and HTTP.
 * Every op is applied to a set of captions as one operation (one journal entry).
 */
export const AddPositionSchema = z.union([
  z.literal('start'),
  z.literal('end'),
  z.literal('afterTriggers'),
  z.number().int().nonnegative(),
]);
export type AddPosition = z.infer<typeof AddPositionSchema>;

export const TagOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), tags: z.array(z.string().min(1)).min(1), at: AddPositionSchema.default('end') }),
  z.object({ op: z.literal('remove'), tags: z.array(z.string().min(1)).min(1) }),
  z.object({ op: z.literal('replace'), from: z.string().min(1), to: z.string() }),
  z.object({
    op: z.literal('replaceText'),
    find: z.string().min(1),
    replace: z.string(),
    regex: z.boolean().default(false),
    caseSensitive: z.boolean().default(true),
  }),
  z.object({ op: z.literal('moveFront'), tags: z.array(z.string().min(1)).min(1) }),
  z.object({ op: z.literal('sort'), by: z.enum(['alpha', 'freq']) }),
  z.object({ op: z.literal('dedupe') }),
  z.object({ op: z.literal('underscoresToSpaces') }),
  z.object({ op: z.literal('trigger'), words: z.array(z.string().min(1)).min(1) }),
]);
export type TagOp = z.infer<typeof TagOpSchema>;
