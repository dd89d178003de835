import { describe, expect, it } from 'vitest';
import type { BatchPreview } from '../../../shared/contract/index.ts';
import { needsPreview, previewSummary } from './fix-preview.ts';

const change = (id: string) => ({ id, captionPath: id.replace('.png', '.txt'), before: 'long_hair, a', after: 'long hair, a' });
const preview = (over: Partial<BatchPreview>): BatchPreview => ({ selected: 3, uncaptioned: 0, changes: [], refused: [], triggerWords: [], triggerWordsChanged: false, ...over });

describe('needsPreview', () => {
  it('previews a fix over more than one file, not one over a single file', () => {
    const fix = (ids: string[]) => ({ label: 'x', ops: [{ op: 'dedupe' as const }], ids });
    expect(needsPreview(fix(['a.png', 'b.png']))).toBe(true);
    expect(needsPreview(fix(['a.png']))).toBe(false);
    expect(needsPreview(fix(['a.png', 'a.png']))).toBe(false);
  });
});

describe('previewSummary', () => {
  it('says how many captions change, that nothing is written yet and that one undo reverses it', () => {
    expect(previewSummary(preview({ changes: [change('a.png'), change('b.png')] }))).toBe(
      '2 of 3 captions would change. Nothing is written until you apply, and one undo reverses it all.',
    );
  });

  it('says when nothing would change, and names skipped files and new trigger words', () => {
    expect(previewSummary(preview({ selected: 1 }))).toBe('None of the 1 caption would change.');
    const refused = [{ path: 'c.txt', reason: 'not UTF-8' }];
    expect(previewSummary(preview({ changes: [change('a.png')], refused, triggerWords: ['ohwx'], triggerWordsChanged: true }))).toBe(
      '1 of 3 captions would change. Nothing is written until you apply, and one undo reverses it all. 1 file(s) would be skipped (unreadable or outside the dataset). Trigger words become: ohwx.',
    );
  });
});
