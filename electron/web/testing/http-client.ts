import http from 'node:http';
import { WebSocket } from 'ws';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  /** Sent byte for byte: fetch() and `new URL()` would resolve `..` and `%2e%2e` before they reach the server. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with chunked encoding (no Content-Length). */
  chunked?: boolean;
}

export function rawRequest(port: number, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...req.headers };
    const r = http.request({ host: '127.0.0.1', port, method: req.method ?? 'GET', path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    if (req.body !== undefined && req.chunked) {
      r.setHeader('transfer-encoding', 'chunked');
      const body = Buffer.from(req.body);
      const step = 64 * 1024;
      for (let i = 0; i < body.length; i += step) r.write(body.subarray(i, i + step));
      r.end();
    } else {
      r.end(req.body);
    }
  });
}

export type WsOutcome = { ok: true; ws: WebSocket; messages: unknown[]; next(): Promise<unknown> } | { ok: false; status: number };

/** Opens the events socket; resolves with the socket, or with the HTTP status the upgrade was refused with. */
export function connectEvents(port: number, headers: Record<string, string>, path = '/api/events'): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    const messages: unknown[] = [];
    const waiters: ((m: unknown) => void)[] = [];
    ws.on('message', (data: Buffer) => {
      const m: unknown = JSON.parse(data.toString('utf8'));
      const waiter = waiters.shift();
      if (waiter) waiter(m);
      else messages.push(m);
    });
    const next = () =>
      messages.length > 0
        ? Promise.resolve(messages.shift())
        : new Promise<unknown>((res, rej) => {
            const timer = setTimeout(() => rej(new Error('no WebSocket message within 10 s')), 10_000);
            waiters.push((m) => {
              clearTimeout(timer);
              res(m);
            });
          });
    ws.once('open', () => resolve({ ok: true, ws, messages, next }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', (e) => reject(e));
  });
}
