import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WebSocket, WebSocketServer } from 'ws';
import type { EventListener, Handlers } from '../../shared/contract/api.ts';
import { DATASET_HEADER, DATASET_MISMATCH } from '../../shared/contract/dataset-bound.ts';
import { dispatch } from '../../shared/contract/dispatch.ts';
import { helloFrame } from '../../shared/contract/hello.ts';
import { thumbnailBucket } from '../../shared/contract/urls.ts';
import { etagMatches, fileEtag, resolveMediaFile, type ThumbnailSource } from './media.ts';
import {
  contentSecurityPolicy,
  cookieNameFor,
  generateToken,
  hostForUrl,
  imageContentType,
  isAllowedHost,
  isAllowedOrigin,
  parseMediaId,
  requestToken,
  tokensEqual,
  type BoundAddress,
} from './security.ts';
import { encodeBody, wantsGzip } from './compress.ts';
import { pageAssets, resolveStatic } from './static.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export interface WebServerOptions {
  handlers: Handlers;
  /** Backend events, forwarded to every connected WebSocket. Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** How many events were sent so far: each socket's first frame (hello.ts). Default 0. */
  eventsSent?: () => number;
  /** The dataset folder the media routes serve from (and only from). */
  root: string;
  thumbnails: ThumbnailSource;
  /** The renderer's production build (index.html and assets/). */
  rendererDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default: a fresh random token. */
  token?: string;
  /** Larger request bodies get 413. Default 16 MB. */
  maxBodyBytes?: number;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** How long close() waits for the API calls under way before it cuts their connections. */
const DRAIN_MS = 5000;
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
/** A client this far behind is stuck or gone; it reconnects and re-reads the snapshot. */
const MAX_WS_BACKLOG = 32 * 1024 * 1024;
const DEFAULT_THUMB_SIZE = 256;

/**
 * Web mode: the contract's handler map over HTTP (POST /api/<channel>) and the events over one
 * WebSocket, plus images and the renderer build. Every request passes the same gate first: Host
 * (DNS rebinding), Origin (cross-site), token (cookie or bearer); see security.ts for each rule.
 */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? generateToken();
  const host = opts.host ?? '127.0.0.1';
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  /** The page's content-hashed files, gzipped once (compress.ts). */
  const packedAssets = new Map<string, Promise<Uint8Array>>();
  const root = path.resolve(opts.root);
  const bound: BoundAddress = { host, port: 0 };
  let cookieName = '';

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  wss.on('connection', (ws) => {
    ws.on('error', () => ws.terminate());
    // The socket is among wss.clients already: every event from here on reaches it.
    ws.send(helloFrame(opts.eventsSent?.() ?? 0));
    // The socket is one-way (server to page); anything the page sends is ignored.
    ws.on('message', () => {});
  });
  const unsubscribe = opts.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of wss.clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_WS_BACKLOG) ws.terminate();
      else ws.send(message);
    }
  });

  /** API calls under way: close() lets them finish (a save the page sent is made and answered). */
  const inFlight = new Set<Promise<void>>();
  const authorized = (req: http.IncomingMessage): boolean => tokensEqual(requestToken(req.headers, cookieName), token);

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const hostHeader = req.headers.host ?? '';
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!isAllowedHost(req.headers.host, bound)) return sendText(res, 403, 'forbidden host');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(hostHeader));
    // Any foreign Origin is refused, not only on POST: same-origin pages send ours or none.
    if (!isAllowedOrigin(req.headers.origin, bound)) return sendText(res, 403, 'forbidden origin');

    // The raw target, never `new URL()`: it would resolve `..` and `%2e%2e` before the checks see them.
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
    const method = req.method ?? 'GET';

    if (method === 'GET' && rawPath === '/' && query.has('token')) {
      if (!tokensEqual(query.get('token'), token)) return unauthorized(res);
      // The token moves into a cookie the page cannot read and other sites cannot send; the
      // redirect takes it out of the address bar (and out of history and screenshots).
      res.setHeader('Set-Cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      res.setHeader('Cache-Control', 'no-store');
      res.writeHead(302, { Location: '/' }).end();
      return;
    }
    if (!authorized(req)) return unauthorized(res);

    if (rawPath.startsWith('/api/')) {
      if (method !== 'POST') return sendText(res, 405, 'use POST', { Allow: 'POST' });
      const call = handleApi(req, res, rawPath.slice('/api/'.length));
      inFlight.add(call);
      return call.finally(() => inFlight.delete(call));
    }
    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    if (rawPath.startsWith('/media/')) return handleMedia(req, res, rawPath.slice('/media/'.length));
    if (rawPath.startsWith('/thumbs/')) return handleThumb(req, res, rawPath.slice('/thumbs/'.length), query.get('size'));
    return handleStatic(req, res, rawPath);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    const body = await readBody(req, maxBody);
    if (body === 'too-large') {
      res.setHeader('Connection', 'close');
      return sendJson(res, 413, { ok: false, error: { kind: 'too-large', message: `request body over ${maxBody} bytes` } });
    }
    let text: string;
    try {
      // Fatal decoding: a lenient one would turn stray bytes into U+FFFD and write them into captions.
      text = UTF8.decode(body);
    } catch {
      return sendJson(res, 400, { ok: false, error: { kind: 'invalid-json', message: 'request body is not valid UTF-8' } });
    }
    let payload: unknown;
    try {
      payload = body.length === 0 ? undefined : JSON.parse(text);
    } catch {
      return sendJson(res, 400, { ok: false, error: { kind: 'invalid-json', message: 'request body is not valid JSON' } });
    }
    const otherDataset = datasetMismatch(req.headers[DATASET_HEADER], root);
    if (otherDataset) return sendJson(res, 409, { ok: false, error: { kind: DATASET_MISMATCH, message: otherDataset } });
    const reply = Buffer.from(JSON.stringify(await dispatch(opts.handlers, channel, payload)), 'utf8');
    await sendEncoded(req, res, 'application/json; charset=utf-8', reply, 'no-store');
  }

  async function handleMedia(req: http.IncomingMessage, res: http.ServerResponse, rawId: string): Promise<void> {
    const parsed = parseMediaId(rawId);
    if (!parsed.ok) return sendText(res, parsed.status, parsed.reason);
    const contentType = imageContentType(parsed.id);
    if (!contentType) return sendText(res, 404, 'not an image');
    const file = await resolveMediaFile(root, parsed.id);
    if (!file.ok) return sendText(res, file.status, file.status === 404 ? 'not found' : 'forbidden path');
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file.realPath, 'r');
    } catch {
      return sendText(res, 404, 'not found');
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) return sendText(res, 404, 'not found');
      const etag = fileEtag(st);
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, no-cache');
      if (etagMatches(req.headers['if-none-match'], etag)) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': st.size });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      await pipeline(handle.createReadStream({ autoClose: false }), res);
    } finally {
      await handle.close().catch(() => {});
    }
  }

  async function handleThumb(req: http.IncomingMessage, res: http.ServerResponse, rawId: string, sizeParam: string | null): Promise<void> {
    const parsed = parseMediaId(rawId);
    if (!parsed.ok) return sendText(res, parsed.status, parsed.reason);
    if (sizeParam !== null && !/^\d{1,5}$/.test(sizeParam)) return sendText(res, 400, 'size must be a whole number of pixels');
    const size = thumbnailBucket(sizeParam === null ? DEFAULT_THUMB_SIZE : Number(sizeParam));
    const file = await resolveMediaFile(root, parsed.id);
    if (!file.ok) return sendText(res, file.status, file.status === 404 ? 'not found' : 'forbidden path');
    const thumb = await opts.thumbnails.get(file.realPath, size);
    if (!thumb.ok) return sendText(res, thumbnailErrorStatus(thumb.error.kind), thumb.error.message);
    // The cache file is named by a hash of the source's identity and the size, so it is the validator.
    const etag = `"${path.basename(thumb.value.path, path.extname(thumb.value.path))}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (etagMatches(req.headers['if-none-match'], etag)) {
      res.writeHead(304).end();
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(thumb.value.path);
    } catch {
      return sendText(res, 500, 'thumbnail cache unreadable');
    }
    res.writeHead(200, { 'Content-Type': 'image/webp', 'Content-Length': bytes.length });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string): Promise<void> {
    const file = await resolveStatic(opts.rendererDir, rawPath);
    if (!file) return sendText(res, 404, 'not found');
    const bytes = await fs.promises.readFile(file.realPath);
    const cache = file.immutable ? { key: file.realPath, store: packedAssets } : undefined;
    await sendEncoded(req, res, file.contentType, bytes, file.immutable ? 'private, max-age=31536000, immutable' : 'no-cache', cache);
  }

  /**
   * The page's first scripts and styles, gzipped while nobody is asking yet: otherwise the first page
   * load after a start waits for their compression, on a machine busy making the first thumbnails.
   * Best effort: a file that fails here is simply compressed when asked for.
   */
  async function packPageAssets(): Promise<void> {
    for (const rawPath of await pageAssets(opts.rendererDir)) {
      const file = await resolveStatic(opts.rendererDir, rawPath).catch(() => null);
      if (!file?.immutable) continue;
      const bytes = await fs.promises.readFile(file.realPath).catch(() => null);
      if (bytes) await encodeBody(bytes, true, { key: file.realPath, store: packedAssets }).catch(() => undefined);
    }
  }

  /** A 200 with the body gzipped for a client that gains from it (compress.ts). */
  async function sendEncoded(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    contentType: string,
    bytes: Uint8Array,
    cacheControl: string,
    cache?: Parameters<typeof encodeBody>[2],
  ): Promise<void> {
    const encoded = await encodeBody(bytes, wantsGzip(req), cache);
    res.writeHead(200, { ...encoded.headers, 'Content-Type': contentType, 'Content-Length': encoded.body.length, 'Cache-Control': cacheControl });
    res.end(req.method === 'HEAD' ? undefined : encoded.body);
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number) => {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!isAllowedHost(req.headers.host, bound)) return refuse(403);
    if (!isAllowedOrigin(req.headers.origin, bound)) return refuse(403);
    if (!authorized(req)) return refuse(401);
    if ((req.url ?? '').split('?')[0] !== '/api/events') return refuse(404);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((e: unknown) => {
    unsubscribe();
    wss.close();
    throw e;
  });
  const address = server.address();
  bound.port = typeof address === 'object' && address ? address.port : 0;
  cookieName = cookieNameFor(bound.port);
  void packPageAssets();

  let closing: Promise<void> | null = null;
  return {
    url: `http://${hostForUrl(host)}:${bound.port}/?token=${token}`,
    port: bound.port,
    token,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        // No new connections; idle ones close now, and the calls under way are answered first.
        server.close(() => resolve());
        // A call that hangs (a stuck disk) holds the close back DRAIN_MS at most.
        const drained = new Promise<void>((done) => setTimeout(done, DRAIN_MS).unref());
        void Promise.race([Promise.allSettled(inFlight), drained]).then(() => server.closeAllConnections());
      });
      return closing;
    },
  };
}

function thumbnailErrorStatus(kind: string): number {
  switch (kind) {
    case 'not-found': return 404;
    case 'invalid-argument': return 400;
    case 'closed': return 503;
    case 'io-error':
    case 'cache-write-failed':
    case 'internal': return 500;
    // The file is there but is no usable image (corrupt, unsupported, too many pixels, timed out).
    default: return 422;
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      // Drained, not destroyed: destroying the request would take the socket and the 413 with it.
      req.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      chunks.length = 0;
      req.resume();
      resolve('too-large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(total > limit ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function unauthorized(res: http.ServerResponse): void {
  sendText(res, 401, 'Tagsmith: open the address printed by `tagsmith serve`; it carries this launch\'s access token.', {
    'WWW-Authenticate': 'Bearer',
  });
}

function sendText(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
}

/**
 * Why a call made for the dataset a page shows (its DATASET_HEADER) must not run here: the server
 * serves another folder now (dataset-bound.ts). Null when it names this one, or names none.
 */
function datasetMismatch(header: string | string[] | undefined, root: string): string | null {
  if (typeof header !== 'string') return null;
  let claimed: string;
  try {
    claimed = decodeURIComponent(header);
  } catch {
    return 'The request names its folder in a malformed header; nothing was changed.';
  }
  if (claimed === root) return null;
  return `This page shows ${claimed}, but the server now serves ${root}: nothing was written.`;
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(body);
}
