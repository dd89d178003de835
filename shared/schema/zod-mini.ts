/**
 * zod/mini for the schemas on the CLI's start path (dataset settings, journal, tag operations, lint
 * settings): the same validation and messages as zod, but functions instead of methods, so a bundle
 * carries only what it uses (about 40 KB against zod's 750 KB, which took most of `tagsmith stats`'s
 * start-up). Schemas elsewhere may stay on zod; the two nest in each other freely.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini loads no messages by default; these are the ones zod itself shows.
z.config(en());

export { z };
