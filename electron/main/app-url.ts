/*
 * Where the renderer lives and which URLs count as "our app". The renderer build is served by our
 * own privileged scheme (protocol.ts) instead of file://, so the page has a real origin to check IPC
 * senders and navigations against, and file:// stays unreachable from it. Pure: no electron import.
 */
export const APP_SCHEME = 'tagsmith';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length > 8192) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** A page of the renderer build: our scheme and host exactly, nothing smuggled in userinfo or a port. */
export function isAppUrl(raw: unknown): boolean {
  const url = parse(raw);
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.hostname.toLowerCase() === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}

/**
 * A link the user may open in the OS browser: http(s) only, so a page can never make the shell open
 * file:, smb:, javascript: or an app's custom scheme. Returns the normalised URL, or null.
 */
export function externalLink(raw: unknown): string | null {
  const url = parse(raw);
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return url.href;
}
