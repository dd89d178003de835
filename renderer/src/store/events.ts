import type { StoreApi } from 'zustand';
import type { EventName, EventPayload, Transport } from '../../../shared/contract/index.ts';
import { onJobChanged } from './jobs.ts';
import type { Store } from './types.ts';

/*
 * Backend events reach the store only through these module-level actions (zustand "actions outside
 * the store"), so components never subscribe to the transport themselves.
 */

/**
 * How long the status line keeps the answer to something the person did (an undo refused, a save that
 * failed) before a count of outside changes may take its place: it is what they are reading, and it may
 * tell them what to do next. The changed captions show in the grid either way.
 */
export const ANSWER_HOLD_MS = 4000;

/** `announce` puts the count of outside changes on the status line (bindEvents decides whether now). */
export function onImagesChanged(store: StoreApi<Store>, payload: EventPayload<'images.changed'>, announce: (message: string) => void): void {
  store.getState().applyImages(payload.images, payload.removed, payload.source);
  if (payload.source === 'external') {
    const n = payload.images.length + payload.removed.length;
    announce(`${n} ${n === 1 ? 'file' : 'files'} changed on disk`);
  }
}

export function onHistoryChanged(store: StoreApi<Store>, payload: EventPayload<'history.changed'>): void {
  store.getState().setHistory(payload);
}

/** Settings changed by another window, the CLI, or a batch/undo carrying trigger words. */
export function onSettingsChanged(store: StoreApi<Store>, payload: EventPayload<'settings.changed'>): void {
  store.getState().setSettings(payload);
}

export function onNotice(store: StoreApi<Store>, payload: EventPayload<'notice'>): void {
  store.getState().setMessage(payload.level === 'info' ? payload.message : `${capitalize(payload.level)}: ${payload.message}`);
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Routes every transport event to its action; returns the unsubscribe function. `now` is for tests. */
export function bindEvents(store: StoreApi<Store>, transport: Transport, now: () => number = Date.now): () => void {
  // When the status line got the message it shows, unless that is a count of outside changes or nothing.
  let answeredAt = -Infinity;
  let count: string | null = null;
  const unwatch = store.subscribe((state, before) => {
    if (state.lastMessage === before.lastMessage) return;
    answeredAt = state.lastMessage === null ? -Infinity : state.lastMessage === count ? answeredAt : now();
  });
  const announceCount = (message: string) => {
    if (now() - answeredAt < ANSWER_HOLD_MS) return;
    count = message;
    store.getState().setMessage(message);
  };
  const unsubscribe = transport.subscribe(<E extends EventName>(event: E, payload: EventPayload<E>) => {
    switch (event) {
      case 'images.changed':
        onImagesChanged(store, payload as EventPayload<'images.changed'>, announceCount);
        break;
      case 'history.changed':
        onHistoryChanged(store, payload as EventPayload<'history.changed'>);
        break;
      case 'settings.changed':
        onSettingsChanged(store, payload as EventPayload<'settings.changed'>);
        break;
      case 'notice':
        onNotice(store, payload as EventPayload<'notice'>);
        break;
      case 'job.changed':
        onJobChanged(store, payload as EventPayload<'job.changed'>);
        break;
      case 'review.changed': {
        const change = payload as EventPayload<'review.changed'>;
        store.getState().applyReview(change.ids, change.reviewed);
        break;
      }
    }
  });
  return () => {
    unsubscribe();
    unwatch();
  };
}
