import { describe, expect, it } from 'vitest';
import { defaultScope, hiddenSelected, ruleScope, scopeCount, targetOf } from './scope.ts';

describe('job scope', () => {
  const view = { selected: ['b.png', 'a.png'], query: 'missing:caption' };
  it('maps each scope to a batch target', () => {
    expect(targetOf('selected', view, null)).toEqual({ kind: 'ids', ids: ['b.png', 'a.png'] });
    expect(targetOf('filtered', view, null)).toEqual({ kind: 'filter', query: 'missing:caption' });
    expect(targetOf('filtered', { ...view, query: '' }, null)).toEqual({ kind: 'all' });
    expect(targetOf('all', view, null)).toEqual({ kind: 'all' });
    // A lint filter narrows the grid to ids: exactly those are sent, whatever the query.
    expect(targetOf('filtered', { ...view, idFiltered: ['c.png'] }, null)).toEqual({ kind: 'ids', ids: ['c.png'] });
  });
  it('fixes a re-caption to its one image whatever the scope says', () => {
    expect(targetOf('all', view, 'sub/c.png')).toEqual({ kind: 'ids', ids: ['sub/c.png'] });
  });
  it('defaults to the selection only when several images are selected', () => {
    expect(defaultScope(0)).toBe('all');
    expect(defaultScope(1)).toBe('all');
    expect(defaultScope(2)).toBe('selected');
  });
});

describe('scopeCount', () => {
  const s = { selected: new Set(['a.png']), query: '', idFilter: null, filtered: ['a.png', 'b.png'], order: ['a.png', 'b.png', 'c.png'] };
  it('counts what the grid shows, a lint filter included', () => {
    expect(scopeCount('selected', s)).toBe(1);
    expect(scopeCount('filtered', s)).toBe(3);
    expect(scopeCount('filtered', { ...s, idFilter: { label: 'x', ids: ['a.png', 'b.png'] } })).toBe(2);
    expect(scopeCount('filtered', { ...s, query: 'smile' })).toBe(2);
    expect(scopeCount('all', s)).toBe(3);
  });
});

describe('the one scope rule', () => {
  const base = { selected: new Set<string>(), query: '', idFilter: null, filtered: ['a.png', 'b.png', 'c.png'], order: ['a.png', 'b.png', 'c.png'] };
  it('is the selection if any, else the filter if any, else all', () => {
    expect(ruleScope(base)).toBe('all');
    expect(ruleScope({ ...base, query: 'smile ' })).toBe('filtered');
    expect(ruleScope({ ...base, idFilter: { label: 'lint', ids: ['a.png'] } })).toBe('filtered');
    // One selected image is only the cursor; two are a selection, whatever the filter.
    expect(ruleScope({ ...base, query: 'smile', selected: new Set(['a.png']) })).toBe('filtered');
    expect(ruleScope({ ...base, query: 'smile', selected: new Set(['a.png', 'b.png']) })).toBe('selected');
  });
  it('names the selected images the filter hides', () => {
    expect(hiddenSelected({ selected: new Set(['a.png', 'x.png', 'y.png']), filtered: ['a.png', 'b.png'] })).toEqual(['x.png', 'y.png']);
    expect(hiddenSelected({ selected: new Set(), filtered: [] })).toEqual([]);
  });
});
