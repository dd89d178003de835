/**
 * The renderer's Content-Security-Policy, sent as a header with every page the app scheme serves.
 * Scripts only from the build; images from the build, the dataset scheme and in-memory blobs; no
 * network at all (the app talks to its backend over IPC, never fetch). Inline styles stay allowed
 * because React and the drag-and-drop library set them; inline scripts do not.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' dataset: data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
