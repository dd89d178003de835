import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileQuery, type QueryItem } from '../../../shared/query/index.ts';
import { quoteTag, tagState, toggleTagTerm } from './tag-query.ts';

const item = (tags: string[]): QueryItem => ({ path: 'a.png', hasCaption: true, tags, prose: '', text: tags.join(', '), sentences: 0, reviewed: false });

function matches(query: string, tags: string[]): boolean {
  const compiled = compileQuery(query);
  if (!compiled.ok) throw new Error(`${query}: ${compiled.error.message}`);
  return compiled.value(item(tags));
}

const tagArb = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'B', ' ', '"', '\\', '*', '?', '(', ')', '_', ':', '^', '-', 'é', '🙂', 'o', 'r') })
  .filter((t) => t.trim() === t && t !== '' && !t.includes(','));

describe('tag terms in the query', () => {
  it('a quoted tag matches exactly that tag, whatever it contains', () => {
    fc.assert(
      fc.property(tagArb, (tag) => {
        expect(matches(`tag:${quoteTag(tag)}`, [tag])).toBe(true);
        expect(matches(`tag:${quoteTag(tag)}`, [`${tag}x`])).toBe(false);
        expect(matches(`-tag:${quoteTag(tag)}`, [tag])).toBe(false);
      }),
    );
  });

  it('adds, flips and removes terms', () => {
    let q = toggleTagTerm('', 'hatsune_miku_(cosplay)', false);
    expect(q).toBe('tag:"hatsune_miku_(cosplay)"');
    q = toggleTagTerm(q, 'red dress', true);
    expect(q).toBe('tag:"hatsune_miku_(cosplay)" -tag:"red dress"');
    expect(tagState(q, 'red dress')).toBe('exclude');
    q = toggleTagTerm(q, 'red dress', false);
    expect(q).toBe('tag:"hatsune_miku_(cosplay)" tag:"red dress"');
    q = toggleTagTerm(q, 'hatsune_miku_(cosplay)', false);
    expect(q).toBe('tag:"red dress"');
    expect(tagState(q, 'dress')).toBeNull();
  });

  it('groups a query with OR so the tag narrows the whole of it', () => {
    const q = toggleTagTerm('tag:a OR tag:b', 'smile', false);
    expect(q).toBe('(tag:a OR tag:b) tag:"smile"');
    expect(matches(q, ['a'])).toBe(false);
    expect(matches(q, ['a', 'smile'])).toBe(true);
  });

  it('the result always parses and filters by the tag when the start did', () => {
    fc.assert(
      fc.property(fc.constantFrom('', 'tag:x', 'text:red OR file:*.png', 'NOT has:prose'), tagArb, fc.boolean(), (start, tag, exclude) => {
        const q = toggleTagTerm(start, tag, exclude);
        expect(tagState(q, tag)).toBe(exclude ? 'exclude' : 'include');
        expect(matches(q, ['x', tag])).toBe(!exclude && matches(start, ['x', tag]));
        expect(tagState(toggleTagTerm(q, tag, exclude), tag)).toBeNull();
      }),
    );
  });
});
