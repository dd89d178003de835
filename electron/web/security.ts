import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { isImageName } from '../core/dataset/scan.ts';

/*
 * The web server's security policy as small pure functions, so each rule can be tested with
 * adversarial tables apart from the HTTP plumbing (server.ts only wires them in).
 */

/** Where the server listens, as given to listen() and as the OS reported the port. */
export interface BoundAddress {
  host: string;
  port: number;
}

/** 32 random bytes per launch: guessing is hopeless, and base64url keeps it URL- and cookie-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so their lengths are equal, which
 * timingSafeEqual requires, without leaking the token's length through an early return.
 */
export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 1024) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer <token>` first, else the launch's cookie. */
export function requestToken(headers: { authorization?: string; cookie?: string }, cookieName: string): string | null {
  const auth = headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1]! : null;
  }
  return readCookie(headers.cookie, cookieName);
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Cookies are not scoped by port, so two servers on 127.0.0.1 would overwrite each other's cookie
 * under one name; the port in the name keeps each launch's token to itself.
 */
export const cookieNameFor = (port: number): string => `tagsmith_token_${port}`;

export function isLoopbackHost(host: string): boolean {
  const h = stripBrackets(host.toLowerCase());
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

const isWildcardHost = (host: string): boolean => ['0.0.0.0', '::', '[::]'].includes(host);

const stripBrackets = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/** A host as it appears in a URL or a Host header: IPv6 literals go in brackets. */
export function hostForUrl(host: string): string {
  const h = stripBrackets(host);
  return isIP(h) === 6 ? `[${h}]` : h;
}

/**
 * DNS rebinding defence: a page on evil.example whose name now resolves to 127.0.0.1 sends
 * `Host: evil.example:<port>`, so only the address we are bound to is accepted (plus `localhost`
 * when bound to a loopback address, and the loopback literals when bound to `localhost`). Bound to a
 * wildcard address, any IP literal is accepted: the machine's own addresses are not known in
 * advance, and rebinding always goes through a name. The port must match exactly.
 */
export function isAllowedHost(hostHeader: string | undefined, bound: BoundAddress): boolean {
  if (typeof hostHeader !== 'string' || hostHeader.length > 300) return false;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]/\s@]+):(\d{1,5})$/i.exec(hostHeader);
  if (!m || m[2] !== String(bound.port)) return false;
  const host = m[1]!.toLowerCase();
  const boundHost = hostForUrl(bound.host.toLowerCase());
  if (host === boundHost) return true;
  const isLiteral = isIP(stripBrackets(host)) !== 0;
  if (isWildcardHost(bound.host)) return host === 'localhost' || isLiteral;
  if (boundHost === 'localhost') return isLiteral && isLoopbackHost(host);
  return host === 'localhost' && isLoopbackHost(bound.host);
}

/**
 * Cross-site requests from a browser always carry Origin on POST and WebSocket upgrades; it must be
 * our own origin (http:// plus a Host we accept). An absent Origin is a non-browser client (curl, the
 * CLI test), which still needs the token. "null" (sandboxed frames, file://) is refused.
 */
export function isAllowedOrigin(origin: string | undefined, bound: BoundAddress): boolean {
  if (origin === undefined) return true;
  const m = /^http:\/\/([^/?#]+)$/i.exec(origin);
  if (!m) return false;
  return isAllowedHost(m[1]!, bound);
}

export type MediaIdResult = { ok: true; id: string } | { ok: false; status: 403 | 404; reason: string };

/**
 * Turns the raw (still percent-encoded) path after `/media/` or `/thumbs/` into an image id, refusing
 * anything that is not the canonical form `encodeId` produces. Decoded exactly once: `%252e%252e` is
 * a file literally named `%2e%2e`, while `%2e%2e` is `..` and refused. Encoded separators are refused
 * before decoding so `a%2f..%2fb` cannot turn into new segments. Only image names pass.
 */
export function parseMediaId(raw: string): MediaIdResult {
  const forbidden = (reason: string): MediaIdResult => ({ ok: false, status: 403, reason });
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, status: 404, reason: 'empty id' };
  if (raw.length > 4096) return forbidden('id too long');
  if (/%(2f|5c|00)/i.test(raw)) return forbidden('encoded separator or NUL');
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    return forbidden('malformed percent-encoding');
  }
  if (id.includes('\0')) return forbidden('NUL');
  if (id.includes('\\')) return forbidden('backslash');
  if (id.startsWith('/') || /^[A-Za-z]:/.test(id)) return forbidden('absolute path');
  const segments = id.split('/');
  if (segments.some((s) => s === '')) return forbidden('empty segment');
  if (segments.some((s) => s === '.' || s === '..')) return forbidden('dot segment');
  // The scan skips hidden entries (.tagsmith/, .git/, temp files), so they are never dataset images.
  if (segments.some((s) => s.startsWith('.'))) return { ok: false, status: 404, reason: 'hidden path' };
  if (!isImageName(segments[segments.length - 1]!)) return { ok: false, status: 404, reason: 'not an image' };
  return { ok: true, id };
}

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  avif: 'image/avif',
  tiff: 'image/tiff',
  tif: 'image/tiff',
};

/** Content type of an image id by extension (case-insensitive); null for anything that is not an image. */
export function imageContentType(id: string): string | null {
  const dot = id.lastIndexOf('.');
  if (dot < 0) return null;
  return CONTENT_TYPES[id.slice(dot + 1).toLowerCase()] ?? null;
}

/** The Content-Security-Policy of every page: only our own origin and our own WebSocket. */
export function contentSecurityPolicy(hostHeader: string): string {
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ws://${hostHeader}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
