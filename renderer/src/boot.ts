import type { StoreApi } from 'zustand';
import { useConnection } from './api/connection.ts';
import { createTransport } from './api/transport.ts';
import { bindEvents } from './store/events.ts';
import type { Store } from './store/types.ts';

/**
 * The `?token=` link has done its job once the server set the auth cookie for this page load; keep
 * the secret out of the address bar, history and any screenshot of the window.
 */
function dropTokenFromAddress(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

/** Connects the store to the backend: events and the snapshot, with no gap between them. */
export function boot(store: StoreApi<Store>): void {
  dropTokenFromAddress();
  const transport = createTransport(window);
  store.getState().setTransport(transport);
  bindEvents(store, transport);
  // The first snapshot is fetched at once for a fast first paint, while the event socket is still
  // connecting; anything that changed before the socket opened (and after every reconnect) is caught
  // by fetching the snapshot again when the socket opens.
  void store.getState().load();
  useConnection.subscribe((now, before) => {
    if (now.status === 'open' && before.status !== 'open') void store.getState().load();
  });
}
