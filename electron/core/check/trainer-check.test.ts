import { describe, expect, it } from 'vitest';
import { Dataset } from '../dataset/dataset.ts';
import { PNG, tempTrees } from '../dataset/test-fixtures.ts';
import { checkTrainer } from './trainer-check.ts';

const tree = tempTrees();

// With the shipped CLIP vocabulary `red` and `,` are one token each, so n tags cost 2n - 1.
const tags = (n: number) => Array.from({ length: n }, () => 'red').join(', ');

describe('checkTrainer token limit', () => {
  it('counts with the real CLIP tokenizer, at 75 by default and at 150 when asked', async () => {
    // Every CLIP text encoder shares one vocabulary, so whichever copy loadTokenCounter finds gives these.
    const root = tree({ 'a.png': PNG, 'a.txt': `${tags(37)}\n`, 'b.png': PNG, 'b.txt': tags(40), 'c.png': PNG, 'c.txt': tags(80) });
    const ds = await Dataset.open(root);

    const at75 = await checkTrainer(ds, 'kohya');
    expect(at75.images.map((i) => i.tokens)).toEqual([73, 79, 159]);
    expect(at75.findings.filter((f) => f.kind === 'over-token-limit')).toEqual([
      {
        kind: 'over-token-limit',
        severity: 'warning',
        message: 'over the 75-token limit (CLIP): the text past it is cut off and not trained; most: 159 tokens (c.png)',
        images: ['b.png', 'c.png'],
      },
    ]);

    const at150 = await checkTrainer(ds, 'kohya', { maxTokenLength: 150 });
    expect(at150.findings.filter((f) => f.kind === 'over-token-limit')).toMatchObject([{ kind: 'over-token-limit', images: ['c.png'], message: expect.stringContaining('150-token limit (CLIP, max_token_length 150)') }]);
    expect((await checkTrainer(ds, 'kohya', { maxTokenLength: 225 })).findings.map((f) => f.kind)).not.toContain('over-token-limit');
    expect((await checkTrainer(ds, 'kohya', { maxTokenLength: null })).images[0]!.tokens).toBeUndefined();
  });

  it('counts the text the trainer encodes: ai-toolkit adds its trigger word in front', async () => {
    const root = tree({ '.tagsmith/settings.json': JSON.stringify({ version: 1, triggerWords: ['red'] }), 'a.png': PNG, 'a.txt': 'blue, green' });
    const ds = await Dataset.open(root);
    expect((await checkTrainer(ds, 'ai-toolkit')).images[0]!.tokens).toBe(4);
    expect((await checkTrainer(ds, 'kohya')).images[0]!.tokens).toBe(3);
  });
});
