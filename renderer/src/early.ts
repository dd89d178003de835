import { startEarly } from './api/early-start.ts';

/**
 * The page's first requests, started on import: this chunk runs as an async script of its own ahead
 * of the entry (vite.config.ts), and main.tsx imports it for the transport.
 */
export const early = startEarly(window, {
  location: window.location,
  fetch: (input, init) => window.fetch(input, init),
  openSocket: (url) => new WebSocket(url),
});
