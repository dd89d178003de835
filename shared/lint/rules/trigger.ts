import type { Entry, LintContext } from '../prepare.ts';
import { count, listOf, q, verb } from '../text.ts';
import type { Rule } from './rule.ts';
import { escapeRegex } from '../../tags/compile.ts';

/*
 * trigger-missing / trigger-not-first, against the dataset's trigger words (none: nothing to check).
 * Trigger words are chosen tokens, so as tags they match exactly (trimmed, case-sensitive), as the
 * tag ops and the `trigger` fix compare them.
 * - present: the word is one of the caption's tags, or a whole word of its sentences in any case
 *   (a prose-only caption such as `Ohwx woman standing on a beach` carries it too: a sentence
 *   capitalises its first word);
 * - first: the caption's first tags are the trigger words, in order; a caption without tags counts
 *   when its sentences open with them.
 * An image lacking any trigger word is reported as missing only, never also as not-first.
 */

type Status = 'ok' | 'missing' | 'not-first';

// Both trigger rules read the same statuses: computed once per lint run (one context).
const statusCache = new WeakMap<LintContext, Status[]>();

function statuses(ctx: LintContext): Status[] {
  let cached = statusCache.get(ctx);
  if (!cached) statusCache.set(ctx, (cached = computeStatuses(ctx)));
  return cached;
}

function computeStatuses(ctx: LintContext): Status[] {
  const triggers = ctx.triggers;
  if (triggers.length === 0) return ctx.captioned.map(() => 'ok');
  const escaped = triggers.map(escapeRegex);
  const inProse = escaped.map((w) => new RegExp(`(?<![\\p{L}\\p{N}])${w}(?![\\p{L}\\p{N}])`, 'iu'));
  const opensProse = new RegExp(`^${escaped.join('[\\s,]+')}(?![\\p{L}\\p{N}])`, 'iu');
  return ctx.captioned.map((e) => {
    if (triggers.some((w, i) => !e.tags.includes(w) && !inProse[i]!.test(e.prose))) return 'missing';
    const first = e.tags.length > 0 ? triggers.every((w, i) => e.tags[i] === w) : opensProse.test(e.prose);
    return first ? 'ok' : 'not-first';
  });
}

function withStatus(ctx: LintContext, status: Status): Entry[] {
  const all = statuses(ctx);
  return ctx.captioned.filter((_, i) => all[i] === status);
}

function words(ctx: LintContext): string {
  return `${ctx.triggers.length === 1 ? 'the trigger word' : 'the trigger words'} ${listOf(ctx.triggers.map(q), 4)}`;
}

export const triggerMissing: Rule = (ctx) => {
  const entries = withStatus(ctx, 'missing');
  if (entries.length === 0) return [];
  return [{
    rule: 'trigger-missing',
    severity: 'error',
    indices: entries.map((e) => e.index),
    message: `${count(entries.length, 'caption')} ${verb(entries.length, 'lacks', 'lack')} ${words(ctx)}: ${verb(entries.length, 'that image does', 'those images do')} not teach it`,
  }];
};

export const triggerNotFirst: Rule = (ctx) => {
  const entries = withStatus(ctx, 'not-first');
  if (entries.length === 0) return [];
  return [{
    rule: 'trigger-not-first',
    severity: 'warning',
    indices: entries.map((e) => e.index),
    message: `${count(entries.length, 'caption')} ${verb(entries.length, 'does', 'do')} not start with ${words(ctx)}: kohya's keep_tokens and caption shuffling expect it first`,
  }];
};
