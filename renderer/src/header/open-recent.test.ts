import { describe, expect, it, vi } from 'vitest';
import type { StoreApi } from 'zustand';
import { err, ok } from '../../../shared/result.ts';
import type { Draft, Store } from '../store/types.ts';
import { openRecentFolder } from './open-recent.ts';

function fakeStore(opts: { leftover?: Record<string, Draft>; open?: ReturnType<typeof ok> | ReturnType<typeof err> }) {
  const calls: string[] = [];
  let drafts: Record<string, Draft> = { 'a.png': { base: 'a', text: 'b', status: 'dirty' } };
  const state = {
    get drafts() {
      return drafts;
    },
    flushDrafts: async () => {
      calls.push('flush');
      drafts = opts.leftover ?? {};
    },
    transport: {
      api: {
        'dataset.open': async ({ path }: { path: string }) => {
          calls.push(`open ${path}`);
          return opts.open ?? ok({});
        },
      },
    },
  };
  return { store: { getState: () => state } as unknown as StoreApi<Store>, calls };
}

describe('openRecentFolder', () => {
  it('saves pending edits, opens the folder, then reloads the page', async () => {
    const { store, calls } = fakeStore({});
    const reload = vi.fn(() => calls.push('reload'));
    expect(await openRecentFolder(store, '/data/b', reload)).toBeNull();
    expect(calls).toEqual(['flush', 'open /data/b', 'reload']);
  });

  it('stays put when an edit could not be saved', async () => {
    const { store, calls } = fakeStore({ leftover: { 'a.png': { base: 'a', text: 'b', status: 'conflict', theirs: 'c' } } });
    const reload = vi.fn();
    expect(await openRecentFolder(store, '/data/b', reload)).toBe('Save or discard the caption edit still open before switching folders.');
    expect(calls).toEqual(['flush']);
    expect(reload).not.toHaveBeenCalled();
  });

  it('says why a folder did not open, and does not reload', async () => {
    const { store } = fakeStore({ open: err({ kind: 'not-found', message: 'no such folder' }) });
    const reload = vi.fn();
    expect(await openRecentFolder(store, '/gone', reload)).toBe('Could not open /gone: no such folder');
    expect(reload).not.toHaveBeenCalled();
  });
});
