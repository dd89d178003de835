import { escapeRegex } from '../../../shared/tags/compile.ts';
/*
 * Sidebar clicks edit the filter text with the query language's own syntax, so the query stays the
 * single source of truth and the user sees (and can edit) exactly what a click did.
 */

/** A quoted tag value: quotes and backslashes escaped, and `*` / `?` too, which are wildcards in tag: values. */
export const quoteTag = (tag: string): string => `"${tag.replace(/[\\"*?]/g, (c) => `\\${c}`)}"`;

export const tagTerm = (tag: string, exclude: boolean): string => `${exclude ? '-' : ''}tag:${quoteTag(tag)}`;

/** Matches `term` as a whole space-separated token of the query (not inside a longer term). */
const tokenRe = (term: string): RegExp => new RegExp(`(^|\\s)${escapeRegex(term)}(?=\\s|$)`);

const hasTopLevelOr = (query: string): boolean => /(^|[\s)])or(?=[\s(]|$)/i.test(query);

/** Which way a tag currently appears in the query: as a filter, an exclusion, or not at all. */
export function tagState(query: string, tag: string): 'include' | 'exclude' | null {
  if (tokenRe(tagTerm(tag, true)).test(query)) return 'exclude';
  if (tokenRe(tagTerm(tag, false)).test(query)) return 'include';
  return null;
}

const tidy = (query: string): string => query.replace(/\s{2,}/g, ' ').trim();

/**
 * Click (exclude = false) or shift-click (exclude = true) on a tag: adds the term AND-ed to the
 * query; the same click again removes it; the opposite click flips it.
 */
export function toggleTagTerm(query: string, tag: string, exclude: boolean): string {
  const term = tagTerm(tag, exclude);
  const opposite = tagTerm(tag, !exclude);
  const state = tagState(query, tag);
  if (state === (exclude ? 'exclude' : 'include')) return tidy(query.replace(tokenRe(term), '$1'));
  if (state !== null) return tidy(query.replace(tokenRe(opposite), `$1${term}`));
  const base = query.trim();
  if (base === '') return term;
  // `a OR b tag:x` would read as `a OR (b AND tag:x)`: group the old query so the tag narrows all of it.
  return hasTopLevelOr(base) ? `(${base}) ${term}` : `${base} ${term}`;
}
