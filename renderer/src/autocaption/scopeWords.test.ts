import { describe, expect, it } from 'vitest';
import { scopeLabel, scopeSummary } from './scopeWords.ts';

describe('scope words', () => {
  it('labels the option with what the job would caption', () => {
    expect(scopeLabel('All', { inScope: 303, toCaption: 7 }, 'skip')).toBe('All (7 of 303)');
    expect(scopeLabel('All', { inScope: 303, toCaption: 303 }, 'skip')).toBe('All (303)');
    expect(scopeLabel('All', { inScope: 1303, toCaption: 1303 }, 'replace')).toBe('All (1,303)');
  });

  it('says what Start will do', () => {
    expect(scopeSummary({ inScope: 303, toCaption: 7 }, 'skip')).toBe('7 images will be captioned; 296 with a caption are skipped.');
    expect(scopeSummary({ inScope: 2, toCaption: 1 }, 'skip')).toBe('1 image will be captioned; 1 with a caption is skipped.');
    expect(scopeSummary({ inScope: 5, toCaption: 0 }, 'skip')).toBe('All 5 images have a caption; skip mode leaves them alone.');
    expect(scopeSummary({ inScope: 5, toCaption: 5 }, 'append')).toBe('5 images will be captioned.');
    expect(scopeSummary({ inScope: 1, toCaption: 0 }, 'skip', 'sub/c.png')).toBe('c.png has a caption; skip mode leaves it alone.');
    expect(scopeSummary({ inScope: 0, toCaption: 0 }, 'skip')).toBe('');
  });
});
