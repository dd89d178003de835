import type { StoreApi } from 'zustand';
import type { EventName, EventPayload, Transport } from '../../../shared/contract/index.ts';
import { onJobChanged } from './jobs.ts';
import type { Store } from './types.ts';

/*
 * Backend events reach the store only through these module-level actions (zustand "actions outside
 * the store"), so components never subscribe to the transport themselves.
 */

export function onImagesChanged(store: StoreApi<Store>, payload: EventPayload<'images.changed'>): void {
  store.getState().applyImages(payload.images, payload.removed, payload.source);
  if (payload.source === 'external') {
    const n = payload.images.length + payload.removed.length;
    store.getState().setMessage(`${n} ${n === 1 ? 'file' : 'files'} changed on disk`);
  }
}

export function onHistoryChanged(store: StoreApi<Store>, payload: EventPayload<'history.changed'>): void {
  store.getState().setHistory(payload);
}

/** Settings changed by another window, the CLI, or a batch/undo carrying trigger words. */
export function onSettingsChanged(store: StoreApi<Store>, payload: EventPayload<'settings.changed'>): void {
  const info = store.getState().info;
  if (info) store.getState().setInfo({ ...info, settings: payload });
}

export function onNotice(store: StoreApi<Store>, payload: EventPayload<'notice'>): void {
  store.getState().setMessage(payload.level === 'info' ? payload.message : `${capitalize(payload.level)}: ${payload.message}`);
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Routes every transport event to its action; returns the unsubscribe function. */
export function bindEvents(store: StoreApi<Store>, transport: Transport): () => void {
  return transport.subscribe(<E extends EventName>(event: E, payload: EventPayload<E>) => {
    switch (event) {
      case 'images.changed':
        onImagesChanged(store, payload as EventPayload<'images.changed'>);
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
}
