import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../../shared/lint/types.ts';
import { image } from '../test-support/store.ts';
import {
  captionsChangedSince,
  findingFilter,
  imagesOf,
  lintMarksOf,
  RULE_LABELS,
  ruleFilter,
  ruleRows,
  runningText,
  summaryLines,
} from './model.ts';
import { finding, lintReport } from './test-report.ts';

describe('rule rows', () => {
  const report = lintReport([
    finding('repeated-tag', ['a.png'], 'info'),
    finding('identical', ['a.png', 'b.png'], 'warning', 'same caption'),
    finding('identical', ['c.png', 'd.png', 'e.png'], 'warning'),
    finding('trigger-missing', ['f.png'], 'error'),
    finding('repeated-tag', ['g.png'], 'info'),
    finding('filler', ['h.png'], 'info'),
  ]);

  it('groups findings by rule, most serious first, then by images concerned', () => {
    const rows = ruleRows(report, []);
    expect(rows.map((r) => [r.rule, r.severity, r.images, r.findings.length])).toEqual([
      ['trigger-missing', 'error', 1, 1],
      ['identical', 'warning', 5, 2],
      ['repeated-tag', 'info', 2, 2],
      ['filler', 'info', 1, 1],
    ]);
    expect(rows[1]?.label).toBe('Identical captions');
    expect(rows.every((r) => !r.silenced)).toBe(true);
  });

  it('takes a rule’s severity from its most serious finding', () => {
    const rows = ruleRows(lintReport([finding('generic', ['a.png'], 'info'), finding('generic', ['b.png'], 'error')]), []);
    expect(rows[0]?.severity).toBe('error');
  });

  it('hides the findings of silenced rules and lists those rules last, in rule order', () => {
    const rows = ruleRows(report, ['repeated-tag', 'empty', 'identical']);
    expect(rows.map((r) => [r.rule, r.silenced, r.findings.length])).toEqual([
      ['trigger-missing', false, 1],
      ['filler', false, 1],
      ['identical', true, 0],
      ['empty', true, 0],
      ['repeated-tag', true, 0],
    ]);
    expect(ruleRows(null, ['empty']).map((r) => r.rule)).toEqual(['empty']);
  });

  it('has words for every rule', () => {
    for (const rule of RULE_IDS) expect(RULE_LABELS[rule]).toMatch(/^[A-Z]/);
  });
});

describe('grid marks', () => {
  it('names every rule that flags an image once, most serious first, with that severity', () => {
    const report = lintReport([
      finding('repeated-tag', ['a.png', 'b.png'], 'info'),
      finding('identical', ['a.png', 'c.png'], 'warning'),
      finding('identical', ['a.png', 'd.png'], 'warning'),
      finding('empty', ['c.png'], 'error'),
    ]);
    const marks = lintMarksOf(report, []);
    expect(marks.get('a.png')).toEqual({ severity: 'warning', rules: ['Identical captions', 'Repeated tags'] });
    expect(marks.get('b.png')).toEqual({ severity: 'info', rules: ['Repeated tags'] });
    expect(marks.get('c.png')).toEqual({ severity: 'error', rules: ['Empty captions', 'Identical captions'] });
    expect(marks.has('e.png')).toBe(false);
    const quiet = lintMarksOf(report, ['identical', 'empty']);
    expect(quiet.get('a.png')).toEqual({ severity: 'info', rules: ['Repeated tags'] });
    expect(quiet.has('c.png')).toBe(false);
    expect(lintMarksOf(null, []).size).toBe(0);
  });
});

describe('filters', () => {
  it('filter the grid to a finding, or to all images of a rule', () => {
    const f = finding('identical', ['b.png', 'a.png'], 'warning', '2 images share one caption');
    expect(findingFilter(f)).toEqual({ label: 'Identical captions: 2 images share one caption', ids: ['b.png', 'a.png'] });
    const row = ruleRows(lintReport([f, finding('identical', ['a.png', 'c.png'])]), [])[0]!;
    expect(ruleFilter(row)).toEqual({ label: 'Identical captions', ids: ['b.png', 'a.png', 'c.png'] });
    expect(imagesOf([])).toEqual([]);
  });
});

describe('summary', () => {
  it('shows shares as percentages and names the tokenizer', () => {
    const lines = Object.fromEntries(summaryLines(lintReport([])).map((l) => [l.label, l.value]));
    expect(lines).toMatchObject({
      Captioned: '9 of 10',
      'Unique tag sets': '80%',
      'Mean similarity': '41%',
      'Tags per caption': '12.3',
      Tokenizer: 'estimate',
      'Duplicate pictures': 'checked',
    });
    expect(lines['Distinct tags']).toBe((1234).toLocaleString());
    const clip = Object.fromEntries(summaryLines(lintReport([], { tokenizer: 'clip-bpe', imageHashes: 'off' })).map((l) => [l.label, l.value]));
    expect(clip).toMatchObject({ Tokenizer: 'CLIP tokenizer', 'Duplicate pictures': 'not checked' });
  });

  it('says what is slow while running', () => {
    expect(runningText(1, false, 0)).toBe('Linting 1 caption…');
    expect(runningText(1200, true, 7)).toBe(`Linting ${(1200).toLocaleString()} captions and hashing images (7 s)… the first run takes a while on big sets.`);
  });

});

describe('staleness', () => {
  it('compares captions, not records: an echo of what was linted is not a change', () => {
    const basis = { 'a.png': image('a.png', 'x'), 'b.png': image('b.png', null) };
    expect(captionsChangedSince(null, basis)).toBe(false);
    expect(captionsChangedSince(basis, basis)).toBe(false);
    expect(captionsChangedSince(basis, { 'a.png': image('a.png', 'x'), 'b.png': image('b.png', null) })).toBe(false);
    expect(captionsChangedSince(basis, { 'a.png': image('a.png', 'x, y'), 'b.png': image('b.png', null) })).toBe(true);
    expect(captionsChangedSince(basis, { 'a.png': image('a.png', 'x') })).toBe(true);
    expect(captionsChangedSince(basis, { 'a.png': image('a.png', 'x'), 'c.png': image('c.png', null) })).toBe(true);
  });
});
