import { describe, expect, it } from 'vitest';
import { readDataset, type ReadingInput, type TokenLimit } from './reading.ts';

// A stand-in counter (one token per word) keeps this pure; the real CLIP count is tested in
// electron/core/check/trainer-check.test.ts.
const words: TokenLimit = { max: 5, count: (t) => t.split(/\s+/).filter(Boolean).length, encoder: 'test words' };

function input(files: Record<string, string>, over: Partial<ReadingInput> = {}): ReadingInput {
  const texts = new Map(Object.entries(files).filter(([p]) => !p.endsWith('.png')));
  return { files: Object.keys(files), texts, captionExtension: '.txt', triggerWords: [], tokenLimit: words, ...over };
}

describe('over-token-limit', () => {
  it('names every image over the limit in one finding, with the worst count; counts the text trained, not the file', () => {
    const r = readDataset(
      input({
        'a.png': '',
        'a.txt': 'one two three four five',
        'b.png': '',
        'b.txt': 'one two three four five six\nline two is never read by kohya at all',
        'c.png': '',
        'c.txt': 'one two three four five six seven eight',
      }),
      'kohya',
    );
    expect(r.images.map((i) => [i.image, i.tokens])).toEqual([
      ['a.png', 5],
      ['b.png', 6],
      ['c.png', 8],
    ]);
    expect(r.findings).toEqual([
      {
        kind: 'over-token-limit',
        severity: 'warning',
        message: 'over the 5-token limit (test words): the text past it is cut off and not trained; most: 8 tokens (c.png)',
        images: ['b.png', 'c.png'],
      },
    ]);
  });

  it('ai-toolkit trains the whole file, OneTrainer each line: the longest counts', () => {
    const files = { 'a.png': '', 'a.txt': 'one two three\nfour five six' };
    expect(readDataset(input(files), 'ai-toolkit').images[0]!.tokens).toBe(6);
    expect(readDataset(input(files), 'onetrainer').images[0]!.tokens).toBe(3);
    expect(readDataset(input(files), 'kohya').images[0]!.tokens).toBe(3);
    // ai-toolkit puts the trigger word in front, and that is encoded too.
    const withTrigger = readDataset(input(files, { triggerWords: ['ohwx'] }), 'ai-toolkit');
    expect(withTrigger.images[0]).toMatchObject({ trained: ['ohwx one two three\nfour five six'], tokens: 7 });
    expect(withTrigger.findings.map((f) => f.kind)).toContain('over-token-limit');
  });

  it('counts nothing without a limit', () => {
    const r = readDataset(input({ 'a.png': '', 'a.txt': 'one two three four five six' }, { tokenLimit: undefined }), 'kohya');
    expect(r.images[0]!.tokens).toBeUndefined();
    expect(r.findings).toEqual([]);
  });
});
