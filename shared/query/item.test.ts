import { describe, expect, it } from 'vitest';
import { parseCaption } from '../caption/index.ts';
import { compileQuery } from './evaluate.ts';
import { queryItemOf } from './item.ts';

describe('queryItemOf', () => {
  it('is not reviewed unless told, with or without a caption', () => {
    expect(queryItemOf('a.png', null).reviewed).toBe(false);
    expect(queryItemOf('a.png', parseCaption('1girl, smile')).reviewed).toBe(false);
  });

  it('carries the review mark into is:reviewed, captioned or not', () => {
    const reviewed = compileQuery('is:reviewed');
    if (!reviewed.ok) throw new Error(reviewed.error.message);
    expect(reviewed.value(queryItemOf('a.png', null, true))).toBe(true);
    expect(reviewed.value(queryItemOf('a.png', parseCaption('1girl, smile. She smiles.'), true))).toBe(true);
    expect(reviewed.value(queryItemOf('a.png', parseCaption('1girl'), false))).toBe(false);
  });

  it('keeps the caption fields as before', () => {
    const item = queryItemOf('sub/a.png', parseCaption('1girl, smile. She smiles. It rains.'), true);
    expect({ ...item }).toEqual({
      path: 'sub/a.png',
      hasCaption: true,
      reviewed: true,
      tags: ['1girl', 'smile'],
      prose: 'She smiles. It rains.',
      text: '1girl, smile. She smiles. It rains.',
      sentences: 2,
    });
  });
});
