import { startEarly } from './api/early-start.ts';

/** The page's first requests, started on import (main.tsx imports this first). */
export const early = startEarly(window, {
  location: window.location,
  fetch: (input, init) => window.fetch(input, init),
  openSocket: (url) => new WebSocket(url),
});
