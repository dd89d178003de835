import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandlerError, type EventListener, type Handlers } from '../../shared/contract/api.ts';
import { CHANNELS, type EventName, type EventPayload } from '../../shared/contract/channels.ts';
import { webMediaUrl, webThumbnailUrl } from '../../shared/contract/urls.ts';
import { DATASET_HEADER, DATASET_MISMATCH } from '../../shared/contract/dataset-bound.ts';
import { helloSeq } from '../../shared/contract/hello.ts';
import { ThumbnailService } from '../core/thumbnails/service.ts';
import { startWebServer, type WebServer, type WebServerOptions } from './server.ts';
import { pageAssets } from './static.ts';
import { connectEvents, rawRequest, type RawRequest } from './testing/http-client.ts';

/*
 * Every rule of web mode over real HTTP on 127.0.0.1, against a temp dataset that holds symlinks
 * pointing out of it. The handler map is a small fake: the server must only route, never interpret.
 */

let tmp: string;
let root: string;
let rendererDir: string;
let secretBytes: Buffer;
let pngBytes: Buffer;
let thumbnails: ThumbnailService;
let server: WebServer;
let port: number;
let auth: Record<string, string>;
const calls: { channel: string; request: unknown }[] = [];
/** A script big enough to be worth gzipping. */
const bigScript = Array.from({ length: 400 }, (_, i) => `export const tag${i} = 'ohwx, 1girl, solo, picture ${i}';`).join('\n');
const listeners = new Set<EventListener>();
/** Events emitted so far (the server's eventsSent). */
let sent = 0;

function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
  sent++;
  for (const l of listeners) l(event, payload);
}

function fakeHandlers(): Handlers {
  const map: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const channel of CHANNELS) {
    map[channel] = async (request) => {
      calls.push({ channel, request });
      throw new HandlerError('not-implemented', `${channel} is not part of this test`);
    };
  }
  map['history.get'] = async (request) => {
    calls.push({ channel: 'history.get', request });
    return { entries: [], head: 0, canUndo: false, canRedo: false };
  };
  map['caption.save'] = async (request) => {
    calls.push({ channel: 'caption.save', request });
    const { id, before } = request as { id: string; before: string | null };
    throw new HandlerError('conflict', `${id}: changed on disk since ${JSON.stringify(before)}`);
  };
  return map as unknown as Handlers;
}

async function start(overrides: Partial<WebServerOptions> = {}): Promise<WebServer> {
  return startWebServer({
    handlers: fakeHandlers(),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    eventsSent: () => sent,
    root,
    thumbnails,
    rendererDir,
    port: 0,
    ...overrides,
  });
}

const get = (p: string, headers: Record<string, string> = auth) => rawRequest(port, { path: p, headers });
const post = (channel: string, body: unknown, headers: Record<string, string> = auth) =>
  rawRequest(port, { method: 'POST', path: `/api/${channel}`, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const json = (r: { body: Buffer }): unknown => JSON.parse(r.body.toString('utf8'));

beforeAll(async () => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-web-')));
  root = path.join(tmp, 'dataset');
  const outside = path.join(tmp, 'outside');
  rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.mkdirSync(path.join(root, '.tagsmith'), { recursive: true });
  fs.mkdirSync(path.join(outside, 'dir'), { recursive: true });
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });

  pngBytes = await sharp({ create: { width: 300, height: 150, channels: 3, background: { r: 200, g: 10, b: 10 } } }).png().toBuffer();
  secretBytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png({ compressionLevel: 0 }).toBuffer();
  fs.writeFileSync(path.join(root, 'img_001.png'), pngBytes);
  fs.writeFileSync(path.join(root, 'img_001.txt'), 'ohwx, 1girl\n');
  fs.writeFileSync(path.join(root, 'sub', 'photo.JPG'), pngBytes);
  fs.writeFileSync(path.join(root, 'img #1 größe.png'), pngBytes);
  fs.writeFileSync(path.join(root, '%2e%2e.png'), pngBytes);
  fs.writeFileSync(path.join(root, 'notes.txt'), 'not an image');
  fs.writeFileSync(path.join(root, 'page.html'), '<script>alert(1)</script>');
  fs.writeFileSync(path.join(root, 'fake.png.txt'), 'x');
  fs.writeFileSync(path.join(root, 'broken.png'), 'this is not a png');
  fs.writeFileSync(path.join(root, '.tagsmith', 'settings.json'), '{"secret":true}');
  fs.writeFileSync(path.join(outside, 'secret.png'), secretBytes);
  fs.writeFileSync(path.join(outside, 'dir', 'x.png'), secretBytes);
  fs.symlinkSync(path.join(outside, 'secret.png'), path.join(root, 'link-out.png'));
  fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'linkdir'));
  fs.symlinkSync(path.join(root, 'img_001.png'), path.join(root, 'link-in.png'));
  fs.symlinkSync('../../outside/secret.png', path.join(root, 'sub', 'rel-out.png'));

  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Tagsmith</title><script type="module" src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("tagsmith")');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'big.js'), bigScript);
  fs.writeFileSync(path.join(tmp, 'outside-static.js'), 'secret()');
  fs.symlinkSync(path.join(tmp, 'outside-static.js'), path.join(rendererDir, 'assets', 'leak.js'));

  thumbnails = new ThumbnailService({ cacheDir: path.join(tmp, 'thumb-cache'), concurrency: 1 });
  server = await start();
  port = server.port;
  auth = { authorization: `Bearer ${server.token}` };
});

afterAll(async () => {
  await server?.close();
  await thumbnails?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('listening', () => {
  it('binds 127.0.0.1 and prints a token link', () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(port).toBeGreaterThan(0);
  });

  it('uses a new token per launch', async () => {
    const other = await start();
    try {
      expect(other.token).not.toBe(server.token);
      expect(other.port).not.toBe(port);
      // This server's token opens nothing on the other one.
      const r = await rawRequest(other.port, { path: '/', headers: auth });
      expect(r.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('refuses to start on a port in use', async () => {
    await expect(start({ port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('token', () => {
  const guarded: RawRequest[] = [
    { path: '/' },
    { path: '/index.html' },
    { path: '/assets/app.js' },
    { path: '/some/route' },
    { path: '/media/img_001.png' },
    { path: '/thumbs/img_001.png?size=128' },
    { path: '/media/..%2f..%2fetc%2fpasswd' },
    { method: 'POST', path: '/api/history.get', body: '{}' },
    { method: 'POST', path: '/api/nope', body: '{}' },
  ];

  it.each(guarded)('401 without a token: %o', async (req) => {
    const r = await rawRequest(port, req);
    expect(r.status).toBe(401);
    expect(r.body.toString()).not.toContain('tagsmith")');
  });

  it.each<Record<string, string>>([
    { authorization: 'Bearer wrong' },
    { authorization: 'Bearer ' },
    { cookie: 'tagsmith_token_1=abc' },
    { cookie: 'tagsmith_token=abc' },
  ])('401 with a wrong token: %o', async (headers) => {
    expect((await get('/', headers)).status).toBe(401);
    expect((await post('history.get', {}, headers)).status).toBe(401);
  });

  it('rejects a wrong cookie value, and a bearer header that is wrong beside a good cookie', async () => {
    const good = `tagsmith_token_${port}=${server.token}`;
    expect((await get('/', { cookie: `tagsmith_token_${port}=${server.token.slice(1)}` })).status).toBe(401);
    expect((await get('/', { cookie: good })).status).toBe(200);
    expect((await get('/', { cookie: good, authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('rejects a token cookie made for another port', async () => {
    expect((await get('/', { cookie: `tagsmith_token_${port + 1}=${server.token}` })).status).toBe(401);
  });

  it('no handler runs for an unauthenticated request', async () => {
    calls.length = 0;
    await rawRequest(port, { method: 'POST', path: '/api/caption.save', body: JSON.stringify({ id: 'a.png', before: null, after: 'x' }) });
    expect(calls).toEqual([]);
  });

  it('the ?token= link sets an HttpOnly SameSite=Strict cookie and redirects to /', async () => {
    const r = await get(`/?token=${server.token}`, {});
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('/');
    const cookie = r.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toBe(`tagsmith_token_${port}=${server.token}; HttpOnly; SameSite=Strict; Path=/`);
    const page = await get('/', { cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Tagsmith</title>');
  });

  it('a wrong ?token= link sets nothing', async () => {
    const r = await get(`/?token=${server.token.slice(0, -2)}xx`, {});
    expect(r.status).toBe(401);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('accepts Authorization: Bearer', async () => {
    const r = await post('history.get', {});
    expect(r.status).toBe(200);
    expect(json(r)).toEqual({ ok: true, value: { entries: [], head: 0, canUndo: false, canRedo: false } });
  });
});

describe('Host header (DNS rebinding)', () => {
  it.each(['evil.example:PORT', 'evil.example', '127.0.0.1', '127.0.0.1:1', 'localhost.evil.example:PORT', '[::1]:PORT'])('403 for %s, token or not', async (host) => {
    const h = host.replace('PORT', String(port));
    expect((await get('/', { ...auth, host: h })).status).toBe(403);
    expect((await get('/media/img_001.png', { ...auth, host: h })).status).toBe(403);
    expect((await post('history.get', {}, { ...auth, host: h })).status).toBe(403);
  });

  it('accepts localhost:<port> when bound to 127.0.0.1', async () => {
    expect((await get('/', { ...auth, host: `localhost:${port}` })).status).toBe(200);
  });
});

describe('Origin', () => {
  it.each(['http://evil.example', `http://evil.example:PORT`, 'null', `https://127.0.0.1:PORT`, `http://127.0.0.1:1`])('403 for a POST from %s, and no handler runs', async (origin) => {
    calls.length = 0;
    const r = await post('caption.save', { id: 'img_001.png', before: null, after: 'x' }, { ...auth, origin: origin.replace('PORT', String(port)) });
    expect(r.status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('accepts our own origin', async () => {
    expect((await post('history.get', {}, { ...auth, origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect((await post('history.get', {}, { ...auth, origin: `http://localhost:${port}`, host: `localhost:${port}` })).status).toBe(200);
  });
});

describe('API', () => {
  it('dispatches to the handler with the validated request', async () => {
    calls.length = 0;
    const r = await post('caption.save', { id: 'img_001.png', before: 'a', after: 'b' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json(r)).toEqual({ ok: false, error: { kind: 'conflict', message: 'img_001.png: changed on disk since "a"' } });
    expect(calls).toEqual([{ channel: 'caption.save', request: { id: 'img_001.png', before: 'a', after: 'b' } }]);
  });

  it('a call made for another folder is refused before any handler runs; one naming this folder runs', async () => {
    calls.length = 0;
    const other = path.join(tmp, 'other dataset ä');
    const request = { id: 'img_001.png', before: 'a', after: 'b' };
    const refused = await post('caption.save', request, { ...auth, [DATASET_HEADER]: encodeURIComponent(other) });
    expect(refused.status).toBe(409);
    expect(json(refused)).toEqual({
      ok: false,
      error: { kind: DATASET_MISMATCH, message: `This page shows ${other}, but the server now serves ${root}: nothing was written.` },
    });
    expect(calls).toEqual([]);
    const malformed = await post('caption.save', request, { ...auth, [DATASET_HEADER]: '%E0%A4%A' });
    expect(json(malformed)).toMatchObject({ ok: false, error: { kind: DATASET_MISMATCH } });
    expect(calls).toEqual([]);
    const same = await post('caption.save', request, { ...auth, [DATASET_HEADER]: encodeURIComponent(root) });
    expect(json(same)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(calls).toEqual([{ channel: 'caption.save', request }]);
  });

  it('an empty body is an empty request', async () => {
    const r = await rawRequest(port, { method: 'POST', path: '/api/history.get', headers: auth });
    expect(json(r)).toMatchObject({ ok: true });
  });

  it('unknown channels and invalid requests are error envelopes', async () => {
    expect(json(await post('fs.readFile', {}))).toMatchObject({ ok: false, error: { kind: 'unknown-channel' } });
    expect(json(await post('history.get', { extra: 1 }))).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(json(await post('caption.save', { id: 1 }))).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
  });

  it('400 for malformed JSON', async () => {
    const r = await rawRequest(port, { method: 'POST', path: '/api/history.get', headers: auth, body: '{"a":' });
    expect(r.status).toBe(400);
    expect(json(r)).toMatchObject({ ok: false, error: { kind: 'invalid-json' } });
  });

  it('400 for a body that is not valid UTF-8, before anything is written', async () => {
    const body = Buffer.concat([Buffer.from('{"id":"img_001.png","before":null,"after":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}')]);
    const r = await rawRequest(port, { method: 'POST', path: '/api/caption.save', headers: auth, body });
    expect(r.status).toBe(400);
    expect(json(r)).toMatchObject({ ok: false, error: { kind: 'invalid-json', message: 'request body is not valid UTF-8' } });
  });

  it('405 for other methods', async () => {
    expect((await get('/api/history.get')).status).toBe(405);
    expect((await rawRequest(port, { method: 'PUT', path: '/media/img_001.png', headers: auth, body: 'x' })).status).toBe(405);
  });

  it('413 for a body over the limit, declared or chunked', async () => {
    const small = await start({ maxBodyBytes: 1024 });
    try {
      const big = JSON.stringify({ id: 'x'.repeat(2000), before: null, after: '' });
      const headers = { authorization: `Bearer ${small.token}`, host: `127.0.0.1:${small.port}`, 'content-type': 'application/json' };
      const declared = await rawRequest(small.port, { method: 'POST', path: '/api/caption.save', headers, body: big });
      expect(declared.status).toBe(413);
      const chunked = await rawRequest(small.port, { method: 'POST', path: '/api/caption.save', headers, body: big, chunked: true });
      expect(chunked.status).toBe(413);
      const fits = await rawRequest(small.port, { method: 'POST', path: '/api/history.get', headers, body: `{}${' '.repeat(1000)}` });
      expect(fits.status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('413 at the default 16 MB limit', async () => {
    const body = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20);
    const r = await rawRequest(port, { method: 'POST', path: '/api/history.get', headers: auth, body });
    expect(r.status).toBe(413);
  });
});

describe('events WebSocket', () => {
  it('opens with a hello saying how many events came before it, then forwards every event as {event, payload}', async () => {
    emit('notice', { level: 'info', message: 'before' });
    const c = await connectEvents(port, auth);
    if (!c.ok) throw new Error(`upgrade refused: ${c.status}`);
    try {
      expect(await c.next()).toEqual({ hello: { seq: sent } });
      expect(helloSeq(JSON.stringify({ hello: { seq: sent } }))).toBe(sent);
      emit('notice', { level: 'info', message: 'hello' });
      emit('images.changed', { images: [{ id: 'a.png', captionPath: 'a.txt', caption: 'x' }], removed: [], source: 'external' });
      expect(await c.next()).toEqual({ event: 'notice', payload: { level: 'info', message: 'hello' } });
      expect(await c.next()).toEqual({ event: 'images.changed', payload: { images: [{ id: 'a.png', captionPath: 'a.txt', caption: 'x' }], removed: [], source: 'external' } });
    } finally {
      c.ws.terminate();
    }
  });

  it('accepts the cookie and our own origin', async () => {
    const c = await connectEvents(port, { cookie: `tagsmith_token_${port}=${server.token}`, origin: `http://127.0.0.1:${port}` });
    expect(c.ok).toBe(true);
    if (c.ok) c.ws.terminate();
  });

  const bearer = () => ({ authorization: `Bearer ${server.token}` });
  it.each([
    ['no token', () => ({}), 401],
    ['a wrong token', () => ({ authorization: 'Bearer nope' }), 401],
    ['a foreign origin', () => ({ ...bearer(), origin: 'http://evil.example' }), 403],
    ['origin null', () => ({ ...bearer(), origin: 'null' }), 403],
    ['a foreign origin on our port', () => ({ ...bearer(), origin: `http://evil.example:${port}` }), 403],
    ['a foreign Host', () => ({ ...bearer(), host: `evil.example:${port}` }), 403],
  ])('refuses an upgrade with %s', async (_name, headers: () => Record<string, string>, status) => {
    expect(await connectEvents(port, headers())).toEqual({ ok: false, status });
  });

  it('refuses an upgrade on another path', async () => {
    expect(await connectEvents(port, auth, '/api/other')).toEqual({ ok: false, status: 404 });
  });
});

describe('media', () => {
  it('serves the image bytes with an image type, nosniff and a validator', async () => {
    const r = await get(webMediaUrl('img_001.png'));
    expect(r.status).toBe(200);
    expect(r.body.equals(pngBytes)).toBe(true);
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('private, no-cache');
    const etag = r.headers.etag!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get(webMediaUrl('img_001.png'), { ...auth, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);
  });

  it.each([
    ['sub/photo.JPG', 'image/jpeg'],
    ['img #1 größe.png', 'image/png'],
    ['%2e%2e.png', 'image/png'],
    ['link-in.png', 'image/png'],
  ])('serves %s as %s', async (id, type) => {
    const r = await get(webMediaUrl(id));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.body.equals(pngBytes)).toBe(true);
  });

  it('HEAD gives the headers only', async () => {
    const r = await rawRequest(port, { method: 'HEAD', path: '/media/img_001.png', headers: auth });
    expect(r.status).toBe(200);
    expect(Number(r.headers['content-length'])).toBe(pngBytes.length);
    expect(r.body).toHaveLength(0);
  });

  const escapes = [
    '/media/link-out.png',
    '/media/linkdir/x.png',
    '/media/sub/rel-out.png',
    '/media/../outside/secret.png',
    '/media/..%2foutside%2fsecret.png',
    '/media/..%2Foutside/secret.png',
    '/media/%2e%2e/outside/secret.png',
    '/media/%2E%2E/%2e%2e/outside/secret.png',
    '/media/sub/..%2f..%2f..%2foutside/secret.png',
    '/media/sub/%2e%2e/%2e%2e/outside/secret.png',
    '/media/..\\outside\\secret.png',
    '/media/..%5coutside%5csecret.png',
    `/media/${encodeURIComponent('PLACEHOLDER')}`,
    '/media//tmp/x.png',
    '/media/%2ftmp%2fx.png',
    '/media/sub//photo.JPG',
    '/media/./img_001.png',
    '/media/img_001.png%00.txt',
    '/thumbs/link-out.png?size=128',
    '/thumbs/linkdir/x.png?size=128',
    '/thumbs/..%2foutside%2fsecret.png?size=128',
    '/thumbs/%2e%2e/outside/secret.png?size=128',
  ];

  it.each(escapes)('403 or 404 for %s, never the outside bytes', async (p) => {
    const target = p.replace('PLACEHOLDER', path.join(tmp, 'outside', 'secret.png'));
    const r = await get(target);
    expect([403, 404]).toContain(r.status);
    expect(r.body.includes(secretBytes)).toBe(false);
  });

  it('symlinks that lead out are refused with 403', async () => {
    expect((await get('/media/link-out.png')).status).toBe(403);
    expect((await get('/media/linkdir/x.png')).status).toBe(403);
  });

  it.each(['/media/notes.txt', '/media/page.html', '/media/fake.png.txt', '/media/.tagsmith/settings.json', '/media/missing.png', '/media/sub', '/media/', '/thumbs/notes.txt?size=128', '/thumbs/missing.png'])(
    '404 for %s',
    async (p) => {
      const r = await get(p);
      expect(r.status).toBe(404);
      expect(r.body.toString()).not.toContain('secret');
      expect(r.body.toString()).not.toContain('alert');
    },
  );
});

describe('thumbnails', () => {
  it('serves a WebP rounded up to a size bucket, with a validator', async () => {
    const r = await get(webThumbnailUrl('img_001.png', 100));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/webp');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('private, no-cache');
    expect(r.body.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(r.body.subarray(8, 12).toString('latin1')).toBe('WEBP');
    const meta = await sharp(r.body).metadata();
    expect([meta.width, meta.height]).toEqual([128, 64]);

    // 100 and 128 share the 128 bucket (one cache file); 200 rounds up to 256.
    const same = await get(webThumbnailUrl('img_001.png', 128));
    expect(same.headers.etag).toBe(r.headers.etag);
    const bigger = await get(webThumbnailUrl('img_001.png', 200));
    expect(bigger.headers.etag).not.toBe(r.headers.etag);
    expect((await sharp(bigger.body).metadata()).width).toBe(256);

    const cached = await get(webThumbnailUrl('img_001.png', 100), { ...auth, 'if-none-match': r.headers.etag! });
    expect(cached.status).toBe(304);
  });

  it('400 for a size that is not a number; 422 for a file that is no image', async () => {
    expect((await get('/thumbs/img_001.png?size=abc')).status).toBe(400);
    expect((await get('/thumbs/img_001.png?size=-5')).status).toBe(400);
    expect((await get('/thumbs/broken.png?size=128')).status).toBe(422);
  });
});

describe('renderer build', () => {
  it("lists the files index.html loads, the ones the server gzips before they are asked for", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'build-'));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      [
        '<link rel="icon" type="image/svg+xml" href="./favicon.svg" />',
        '<script type="module" async crossorigin src="./assets/early-a1.js"></script>',
        '<script type="module" crossorigin src="./assets/index-b2.js"></script>',
        '<link rel="modulepreload" crossorigin href="./assets/zod-c3.js">',
        '<link rel="stylesheet" crossorigin href="/assets/index-d4.css">',
      ].join('\n'),
    );
    expect(await pageAssets(dir)).toEqual(['/assets/early-a1.js', '/assets/index-b2.js', '/assets/zod-c3.js', '/assets/index-d4.css']);
    expect(await pageAssets(path.join(dir, 'missing'))).toEqual([]);
  });

  it('serves index.html at / with a strict CSP and no referrer', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(
      `default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
    );
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves assets with their type', async () => {
    const r = await get('/assets/app.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.body.toString()).toBe('console.log("tagsmith")');
  });

  it('falls back to index.html for extensionless paths only', async () => {
    const route = await get('/dataset/view');
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('<title>Tagsmith</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/favicon.ico')).status).toBe(404);
  });

  it.each(['/../dataset/img_001.png', '/%2e%2e/dataset/img_001.png', '/assets/..%2f..%2fdataset%2fimg_001.png', '/assets/leak.js', '/.hidden', '/assets\\app.js'])(
    'never leaves the build directory: %s',
    async (p) => {
      const r = await get(p);
      expect(r.body.includes(pngBytes)).toBe(false);
      expect(r.body.toString()).not.toContain('secret()');
      expect([200, 403, 404]).toContain(r.status);
      if (r.status === 200) expect(r.body.toString()).toContain('<title>Tagsmith</title>');
    },
  );
});

describe('compression', () => {
  const gzipHeaders = (s: WebServer) => ({ authorization: `Bearer ${s.token}`, host: `127.0.0.1:${s.port}`, 'accept-encoding': 'gzip, br' });

  it('sends bodies as they are to a client that does not accept gzip', async () => {
    const page = await get('/assets/big.js');
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.headers.vary).toBe('Accept-Encoding');
    expect(page.body.toString()).toBe(bigScript);
    const identity = await get('/assets/big.js', { ...auth, 'accept-encoding': 'gzip;q=0, identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
  });

  it('gzips API replies and the page\'s files for a client that accepts it, byte for byte', async () => {
    const handlers = fakeHandlers();
    const entries = Array.from({ length: 2000 }, (_, i) => ({ id: String(i).padStart(10, '0'), seq: i + 1, time: '2026-12-07T07:00:00.000Z', label: `add "ohwx" to ${i} captions`, files: i, applied: true }));
    const history = { entries, head: 2000, canUndo: true, canRedo: false };
    const s = await start({ handlers: { ...handlers, 'history.get': async () => history } });
    try {
      const call = (channel: string) => rawRequest(s.port, { method: 'POST', path: `/api/${channel}`, headers: { ...gzipHeaders(s), 'content-type': 'application/json' }, body: '{}' });
      const reply = await call('history.get');
      expect(reply.status).toBe(200);
      expect(reply.headers['content-encoding']).toBe('gzip');
      expect(reply.headers.vary).toBe('Accept-Encoding');
      expect(JSON.parse(gunzipSync(reply.body).toString('utf8'))).toEqual({ ok: true, value: history });
      // A small reply goes as it is: gzip would not gain.
      const small = await call('caption.save');
      expect(small.headers['content-encoding']).toBeUndefined();
      expect((JSON.parse(small.body.toString('utf8')) as { ok: boolean }).ok).toBe(false);
      const page = await rawRequest(s.port, { path: '/assets/big.js', headers: gzipHeaders(s) });
      expect(page.headers['content-encoding']).toBe('gzip');
      expect(Number(page.headers['content-length'])).toBe(page.body.length);
      expect(page.body.length).toBeLessThan(bigScript.length / 4);
      expect(gunzipSync(page.body).toString()).toBe(bigScript);
      const head = await rawRequest(s.port, { method: 'HEAD', path: '/assets/big.js', headers: gzipHeaders(s) });
      expect(head.headers['content-encoding']).toBe('gzip');
      expect(head.body.length).toBe(0);
    } finally {
      await s.close();
    }
  });
});

describe('close', () => {
  it('drops WebSocket clients, unsubscribes and stops listening', async () => {
    const s = await start();
    const before = listeners.size;
    const c = await connectEvents(s.port, { authorization: `Bearer ${s.token}`, host: `127.0.0.1:${s.port}` });
    if (!c.ok) throw new Error('upgrade refused');
    const closed = new Promise<void>((resolve) => c.ws.once('close', () => resolve()));
    await s.close();
    await closed;
    expect(listeners.size).toBe(before - 1);
    await expect(rawRequest(s.port, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('answers the API calls under way before it closes (a stop right after a save keeps the save)', async () => {
    let arrived!: () => void;
    const started = new Promise<void>((resolve) => (arrived = resolve));
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const history = { entries: [], head: 0, canUndo: false, canRedo: false };
    const handlers = { ...fakeHandlers(), 'history.get': async () => (arrived(), await gate, history) } as unknown as Handlers;
    const s = await start({ handlers });
    const reply = rawRequest(s.port, { method: 'POST', path: '/api/history.get', headers: { authorization: `Bearer ${s.token}`, host: `127.0.0.1:${s.port}` } });
    await started;
    let closed = false;
    const closing = s.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    finish();
    const r = await reply;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString('utf8'))).toEqual({ ok: true, value: history });
    await closing;
    await expect(rawRequest(s.port, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
