import { describe, expect, it, vi } from 'vitest';
import type { StoreApi } from 'zustand';
import type { FlushReport, PreloadBridge } from '../../../shared/contract/index.ts';
import type { Draft, Store } from '../store/types.ts';
import { bindQuitFlush } from './quit-flush.ts';

const storeWith = (drafts: Record<string, Draft>, flushDrafts: () => Promise<void>, stranded: Store['stranded'] = {}) =>
  ({ getState: () => ({ drafts, stranded, flushDrafts }) }) as unknown as StoreApi<Store>;

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

  it('does nothing with an older preload (no onFlushRequest), and adds no leave prompt in the desktop app', () => {
    const flushDrafts = vi.fn(async () => {});
    const addEventListener = vi.fn();
    expect(() => bindQuitFlush(storeWith({}, flushDrafts), { tagsmith: { invoke: () => null, subscribe: () => () => {} }, addEventListener })).not.toThrow();
    expect(() => bindQuitFlush(storeWith({}, flushDrafts), { tagsmith: { onFlushRequest: () => () => {} }, addEventListener })).not.toThrow();
    expect(flushDrafts).not.toHaveBeenCalled();
    expect(addEventListener).not.toHaveBeenCalled();
  });

  it('in web mode, asks before the page is left while an edit is unsaved, and starts its save', () => {
    const drafts: Record<string, Draft> = {};
    const stranded: Store['stranded'] = {};
    const flushDrafts = vi.fn(async () => {});
    const target = new EventTarget();
    bindQuitFlush(storeWith(drafts, flushDrafts, stranded), target);
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      // A browser's BeforeUnloadEvent has a settable returnValue; a plain Event's is read-only.
      Object.defineProperty(event, 'returnValue', { value: true, writable: true });
      target.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leave()).toBe(false);
    expect(flushDrafts).not.toHaveBeenCalled();
    drafts['a.png'] = { base: 'a', text: 'a, kneeling', status: 'error', error: 'Not authorized' };
    expect(leave()).toBe(true);
    expect(flushDrafts).toHaveBeenCalledTimes(1);
    delete drafts['a.png'];
    expect(leave()).toBe(false);
    // Edits kept for a folder the server no longer serves would be lost as well.
    stranded['/data/a'] = { 'a.png': { base: 'a', text: 'a, kneeling', status: 'dirty' } };
    expect(leave()).toBe(true);
  });
});
