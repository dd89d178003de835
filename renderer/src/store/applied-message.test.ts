import { describe, expect, it } from 'vitest';
import { appliedMessage } from './applied-message.ts';

describe('appliedMessage (batch panel and lint fixes alike)', () => {
  const history = { entries: [], head: 1, canUndo: true, canRedo: false };
  it('says how many captions changed and how to undo', () => {
    expect(appliedMessage({ entry: null, written: 3, conflicts: [], images: [], history })).toBe('Changed 3 captions; Ctrl+Z to undo');
    expect(appliedMessage({ entry: null, written: 1, conflicts: [], images: [], history })).toBe('Changed 1 caption; Ctrl+Z to undo');
  });
  it('names the files it skipped', () => {
    expect(appliedMessage({ entry: null, written: 0, conflicts: [{ path: 'a.txt', reason: 'changed' }], images: [], history })).toBe(
      'No caption changed; 1 file skipped (changed on disk or unreadable)',
    );
  });
});
