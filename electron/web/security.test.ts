import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeId } from '../../shared/contract/urls.ts';
import {
  contentSecurityPolicy,
  generateToken,
  imageContentType,
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackHost,
  parseMediaId,
  readCookie,
  requestToken,
  tokensEqual,
} from './security.ts';

const local = { host: '127.0.0.1', port: 5173 };

describe('isAllowedHost', () => {
  it.each([
    ['127.0.0.1:5173', local],
    ['localhost:5173', local],
    ['LOCALHOST:5173', local],
    ['[::1]:5173', { host: '::1', port: 5173 }],
    ['localhost:5173', { host: '::1', port: 5173 }],
    ['localhost:5173', { host: 'localhost', port: 5173 }],
    ['127.0.0.1:5173', { host: 'localhost', port: 5173 }],
    ['[::1]:5173', { host: 'localhost', port: 5173 }],
    ['box.lan:8080', { host: 'box.lan', port: 8080 }],
    ['192.168.1.20:8080', { host: '0.0.0.0', port: 8080 }],
    ['[fe80::1]:8080', { host: '::', port: 8080 }],
    ['localhost:8080', { host: '0.0.0.0', port: 8080 }],
  ])('accepts %s for %o', (header, bound) => {
    expect(isAllowedHost(header, bound)).toBe(true);
  });

  it.each([
    [undefined, local],
    ['', local],
    ['127.0.0.1', local],
    ['localhost', local],
    ['127.0.0.1:80', local],
    ['127.0.0.1:51730', local],
    ['127.0.0.1:05173', local],
    ['127.0.0.1:5173 ', local],
    [' 127.0.0.1:5173', local],
    ['evil.example:5173', local],
    ['evil.example', local],
    ['localhost.evil.example:5173', local],
    ['127.0.0.1.nip.io:5173', local],
    ['127.0.0.2:5173', local],
    ['user@127.0.0.1:5173', local],
    ['127.0.0.1:5173/x', local],
    ['127.0.0.1:5173:5173', local],
    ['[::1]:5173', local],
    ['localhost:8080', { host: 'box.lan', port: 8080 }],
    ['127.0.0.1:8080', { host: 'box.lan', port: 8080 }],
    ['evil.example:8080', { host: '0.0.0.0', port: 8080 }],
    ['evil.example:5173', { host: 'localhost', port: 5173 }],
    ['127.0.0.1:5173\r\nX: y', local],
  ])('refuses %j for %o', (header, bound) => {
    expect(isAllowedHost(header, bound)).toBe(false);
  });

  it('refuses every other name on the bound port (DNS rebinding)', () => {
    fc.assert(
      fc.property(fc.domain(), (name) => {
        fc.pre(name !== 'localhost');
        expect(isAllowedHost(`${name}:5173`, local)).toBe(false);
      }),
    );
  });
});

describe('isAllowedOrigin', () => {
  it.each([
    [undefined, local],
    ['http://127.0.0.1:5173', local],
    ['http://localhost:5173', local],
    ['http://box.lan:8080', { host: 'box.lan', port: 8080 }],
  ])('accepts %j', (origin, bound) => {
    expect(isAllowedOrigin(origin, bound)).toBe(true);
  });

  it.each([
    'null',
    '',
    'http://evil.example',
    'http://evil.example:5173',
    'https://127.0.0.1:5173',
    'http://127.0.0.1:5174',
    'http://127.0.0.1',
    'http://127.0.0.1:5173/',
    'http://127.0.0.1:5173.evil.example',
    'http://127.0.0.1:5173@evil.example',
    'ws://127.0.0.1:5173',
    'file://',
    'chrome-extension://abcdef',
  ])('refuses %j', (origin) => {
    expect(isAllowedOrigin(origin, local)).toBe(false);
  });
});

describe('parseMediaId', () => {
  it.each([
    ['img_001.png', 'img_001.png'],
    ['sub/dir/photo.JPG', 'sub/dir/photo.JPG'],
    ['img%20with%20spaces.webp', 'img with spaces.webp'],
    ['img%2320.png', 'img#20.png'],
    ['%E7%94%BB%E5%83%8F.png', '画像.png'],
    // Decoded once: a file literally named "%2e%2e.png" or a folder named "%2e%2e".
    ['%252e%252e.png', '%2e%2e.png'],
    ['%252e%252e/a.png', '%2e%2e/a.png'],
    ['%252f.png', '%2f.png'],
    ['a..b.png', 'a..b.png'],
    ['scan.tif', 'scan.tif'],
    ['x.AVIF', 'x.AVIF'],
  ])('accepts %s as %s', (raw, id) => {
    expect(parseMediaId(raw)).toEqual({ ok: true, id });
  });

  it.each([
    '../secret.png',
    'a/../../secret.png',
    '..%2fsecret.png',
    '..%2Fsecret.png',
    '%2e%2e/secret.png',
    '%2E%2E/secret.png',
    '.%2e/secret.png',
    'a/%2e%2e/%2e%2e/secret.png',
    'a/./b.png',
    '%2e/b.png',
    'a%2fb.png',
    'a%5cb.png',
    '..\\secret.png',
    'a\\..\\b.png',
    '/etc/x.png',
    '%2fetc%2fx.png',
    '%2Fetc/x.png',
    'C:/x.png',
    'c:%5cx.png',
    'a//b.png',
    'a/b.png/',
    '/a.png',
    'a.png%00.txt',
    'a%00.png',
    '%',
    '%zz.png',
    '%E7%94.png',
  ])('refuses %s with 403', (raw) => {
    const r = parseMediaId(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(403);
  });

  it.each([
    '',
    'a.txt',
    'notes.TXT',
    'a.png.txt',
    'image',
    'png',
    '.png',
    '.tagsmith/settings.json',
    '.tagsmith/journal/x.png',
    'sub/.hidden.png',
    '.git/a.png',
    'a.svg',
    'a.html',
    'a.png%3Fx',
  ])('refuses %j with 404', (raw) => {
    const r = parseMediaId(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(404);
  });

  it('round-trips every id encodeId produces for image names', () => {
    const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/') && !s.includes('\\') && !s.includes('\0') && !s.startsWith('.'));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 0, maxLength: 3 }), segment, fc.constantFrom('png', 'jpg', 'WEBP'), (dirs, base, ext) => {
        const id = [...dirs, `${base}.${ext}`].join('/');
        fc.pre(!/^[A-Za-z]:/.test(id));
        expect(parseMediaId(encodeId(id))).toEqual({ ok: true, id });
      }),
    );
  });

  it('never yields an id with a dot segment, backslash, NUL or leading slash', () => {
    const alphabet = fc.constantFrom('.', '/', '\\', '%', '2', 'e', 'E', 'f', 'F', '5', 'c', '0', 'a', '.png');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }).map((a) => a.join('')), (raw) => {
        const r = parseMediaId(raw);
        if (!r.ok) return;
        expect(r.id.split('/')).not.toContain('..');
        expect(r.id.split('/')).not.toContain('.');
        expect(r.id).not.toMatch(/[\\\0]|^\//);
      }),
    );
  });
});

describe('tokens', () => {
  it('are 32 random bytes in base64url, different per launch', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('compare exactly', () => {
    const t = generateToken();
    expect(tokensEqual(t, t)).toBe(true);
    expect(tokensEqual(`${t}x`, t)).toBe(false);
    expect(tokensEqual(t.slice(0, -1), t)).toBe(false);
    expect(tokensEqual(t.toUpperCase(), t)).toBe(false);
    expect(tokensEqual('', t)).toBe(false);
    expect(tokensEqual(null, t)).toBe(false);
    expect(tokensEqual(undefined, t)).toBe(false);
  });

  it('are read from a bearer header before the cookie', () => {
    expect(requestToken({ authorization: 'Bearer abc' }, 'c')).toBe('abc');
    expect(requestToken({ authorization: 'bearer  abc ' }, 'c')).toBe('abc');
    expect(requestToken({ authorization: 'Basic abc', cookie: 'c=zzz' }, 'c')).toBeNull();
    expect(requestToken({ cookie: 'a=1; c=tok; d=2' }, 'c')).toBe('tok');
    expect(requestToken({ cookie: 'cc=tok' }, 'c')).toBeNull();
    expect(requestToken({}, 'c')).toBeNull();
    expect(readCookie('x=1;y', 'y')).toBeNull();
  });
});

describe('misc policy', () => {
  it('serves only image content types', () => {
    expect(imageContentType('a/b.JPG')).toBe('image/jpeg');
    expect(imageContentType('a.tiff')).toBe('image/tiff');
    expect(imageContentType('a.svg')).toBeNull();
    expect(imageContentType('a.html')).toBeNull();
    expect(imageContentType('png')).toBeNull();
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.9.9.9', '::1', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.0.1', 'box.lan', '::', 'localhost.evil'].some(isLoopbackHost)).toBe(false);
  });

  it('builds the CSP with our own WebSocket origin only', () => {
    expect(contentSecurityPolicy('127.0.0.1:5173')).toBe(
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:5173; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });
});
