/**
 * zod/mini for the schemas on the CLI's start path (dataset settings, journal, tag operations, lint
 * and auto-caption settings): the same validation and messages as zod, but functions instead of
 * methods, so a bundle carries only what it uses (tens of KB against zod's 750 KB, which took most
 * of `tagsmith stats`'s start-up). Import it as a namespace (`import * as z from …`) and use
 * `z.name` property reads only: that is what lets the bundler drop the rest. Schemas elsewhere may
 * stay on zod; the two nest in each other freely.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini loads no messages by default; these are the ones zod itself shows.
config(en());

// Named, not `export *`: zod/mini also exports every locale as a namespace, which would come along.
export {
  _default,
  array,
  boolean,
  discriminatedUnion,
  enum,
  int,
  literal,
  looseObject,
  maximum,
  maxLength,
  minimum,
  minLength,
  nonnegative,
  nullable,
  number,
  object,
  optional,
  pipe,
  positive,
  prettifyError,
  record,
  refine,
  safeParse,
  strictObject,
  string,
  transform,
  union,
  unknown,
} from 'zod/mini';
export type { infer, input } from 'zod/mini';
