import { describe, expect, it } from 'vitest';
import { parseCaption } from '../../../shared/caption/index.ts';
import { sharedTags } from './commonTags.ts';

describe('sharedTags', () => {
  const docs = {
    a: parseCaption('ohwx, smile, solo, smile'),
    b: parseCaption('smile, solo, red dress'),
    c: parseCaption('solo, hat'),
    d: null,
  };
  it('orders trigger words, then tags common to all, then by count', () => {
    const out = sharedTags(['a', 'b', 'c'], docs, new Set(['ohwx']));
    expect(out).toEqual([
      { tag: 'ohwx', count: 1, pinned: true },
      { tag: 'solo', count: 3, pinned: false },
      { tag: 'smile', count: 2, pinned: false },
      { tag: 'hat', count: 1, pinned: false },
      { tag: 'red dress', count: 1, pinned: false },
    ]);
  });
  it('counts an image without a caption file as having no tags', () => {
    expect(sharedTags(['c', 'd'], docs, new Set()).map((t) => [t.tag, t.count])).toEqual([
      ['hat', 1],
      ['solo', 1],
    ]);
  });
});
