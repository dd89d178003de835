import { describe, expect, it, vi } from 'vitest';
import type { StoreApi } from 'zustand';
import type { FlushReport, PreloadBridge } from '../../../shared/contract/index.ts';
import type { Draft, Store } from '../store/types.ts';
import { bindQuitFlush } from './quit-flush.ts';

const storeWith = (drafts: Record<string, Draft>, flushDrafts: () => Promise<void>) =>
  ({ getState: () => ({ drafts, flushDrafts }) }) as unknown as StoreApi<Store>;

describe('bindQuitFlush', () => {
  it("answers the shell's flush request once the drafts are saved, counting what is left unsaved", async () => {
    let handler: (() => Promise<FlushReport>) | null = null;
    const bridge: Partial<PreloadBridge> = { onFlushRequest: (h) => ((handler = h), () => {}) };
    const drafts: Record<string, Draft> = { 'a.png': { base: 'a', text: 'b', status: 'dirty' } };
    const flushDrafts = vi.fn(async () => {
      delete drafts['a.png'];
    });
    bindQuitFlush(storeWith(drafts, flushDrafts), { tagsmith: bridge });
    expect(await handler!()).toEqual({ unsaved: 0 });
    drafts['b.png'] = { base: 'a', text: 'c', status: 'conflict', theirs: 'x' };
    expect(await handler!()).toEqual({ unsaved: 1 });
    expect(flushDrafts).toHaveBeenCalledTimes(2);
  });

  it('does nothing in web mode (no bridge) or with an older preload (no onFlushRequest)', () => {
    const flushDrafts = vi.fn(async () => {});
    expect(() => bindQuitFlush(storeWith({}, flushDrafts), {})).not.toThrow();
    expect(() => bindQuitFlush(storeWith({}, flushDrafts), { tagsmith: { invoke: () => null, subscribe: () => () => {} } })).not.toThrow();
    expect(flushDrafts).not.toHaveBeenCalled();
  });
});
