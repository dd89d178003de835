import type { StoreApi } from 'zustand';
import { useConnection } from './api/connection.ts';
import { bindQuitFlush } from './api/quit-flush.ts';
import type { EarlyStart } from './api/early-start.ts';
import { createTransport } from './api/transport.ts';
import { loadPatternEngine } from './pattern-engine.ts';
import { isMatchAll } from './store/derive.ts';
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

/**
 * The pattern engine (pattern-engine.ts) loads once a snapshot is shown and its captions parsed, so
 * it never competes with the first screen. A filter typed meanwhile is applied again with it: its
 * glob or regular expression said "still loading". A failed load is tried again at the next snapshot.
 */
function loadPatternsAfterFirstScreen(store: StoreApi<Store>): void {
  loadPatternEngine().then(
    () => {
      const { query, setQuery } = store.getState();
      if (!isMatchAll(query)) setQuery(query);
    },
    () => undefined,
  );
}

/** How long the first snapshot waits for the event channel before loading without it. */
const SNAPSHOT_WAIT_MS = 1500;

/**
 * Connects the store to the backend: events and the snapshot, with no gap between them. `early`:
 * the socket and requests main.tsx started before the app's code ran, which the transport takes over.
 */
export function boot(store: StoreApi<Store>, early?: EarlyStart): void {
  dropTokenFromAddress();
  const transport = createTransport(window, early, () => store.getState().info?.root ?? null);
  store.getState().setTransport(transport);
  bindEvents(store, transport);
  bindQuitFlush(store, window);
  // The per-user preferences (pane sizes, view) come first: the panes wait for them.
  void store.getState().loadPrefs();
  // Events first, then the snapshot: it is fetched once the event channel is open, so a change made
  // in between is never missed (IPC is open at once). Should the channel not open soon, the snapshot
  // comes anyway, and again when the channel opens or comes back after a drop (events sent while it
  // was down are lost).
  const load = () => {
    const loaded = store.getState().load();
    void loaded.then(() => loadPatternsAfterFirstScreen(store));
    void store.getState().loadJob();
    return loaded;
  };
  const fallback = setTimeout(load, SNAPSHOT_WAIT_MS);
  const onOpen = () => {
    clearTimeout(fallback);
    // Set when a snapshot was shown before: the channel is back after a drop (a restart, a network
    // hiccup, a refused token renewed), or opened after the fallback load.
    const root = store.getState().info?.root;
    void load().then(() => {
      // Edits whose save failed meanwhile are saved now, without a click. The snapshot took them
      // aside if the server now serves another folder (followFolder), and brought back those made in
      // this one before; a caption changed on disk meanwhile is caught by the save's own check.
      if (root !== undefined) void store.getState().flushDrafts();
    });
  };
  if (useConnection.getState().status === 'open') onOpen();
  useConnection.subscribe((now, before) => {
    if (now.status === 'open' && before.status !== 'open') onOpen();
  });
}
