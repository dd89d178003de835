import type http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/*
 * gzip for every client that accepts it. A remote GPU box's `tagsmith serve` is opened from a laptop,
 * usually through an SSH tunnel, so the server cannot tell that client from one on its own machine
 * (both connect from 127.0.0.1). Over such a link the snapshot of a 10,000-image dataset (2.7 MB of
 * JSON) and the page's first scripts and styles (0.85 MB) are what the first screen waits for; gzip made
 * them 100 KB (the benchmark's generated captions, more alike than real ones) and 0.27 MB. It runs on libuv's threads,
 * never this one, and the page's content-hashed files are compressed once per process.
 */

const gzip = promisify(zlib.gzip);

/** Below this, compressing saves less than a packet. */
const MIN_BYTES = 1024;

/** Whether an Accept-Encoding header admits gzip (`gzip`, `x-gzip` or `*`, without q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [rawCoding = '', ...params] = part.toLowerCase().split(';');
    const coding = rawCoding.trim();
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const allowed = q === undefined || Number(q) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return allowed;
    if (coding === '*') star = allowed;
  }
  return star;
}

/** The server's default rule. */
export const wantsGzip = (req: http.IncomingMessage): boolean => acceptsGzip(req.headers['accept-encoding']);

export interface Encoded {
  body: Uint8Array;
  headers: Record<string, string>;
}

/**
 * The body to send and its extra headers: gzipped when `wanted` and big enough to gain. `Vary` is
 * always set, so a cache never hands one client's encoding to another. `cache` keeps the gzipped
 * bytes of a body that never changes (a content-hashed file), by that key.
 */
export async function encodeBody(body: Uint8Array, wanted: boolean, cache?: { key: string; store: Map<string, Promise<Uint8Array>> }): Promise<Encoded> {
  if (!wanted || body.length < MIN_BYTES) return { body, headers: { Vary: 'Accept-Encoding' } };
  let packed: Promise<Uint8Array>;
  if (cache) {
    packed = cache.store.get(cache.key) ?? gzip(body);
    cache.store.set(cache.key, packed);
  } else packed = gzip(body);
  return { body: await packed, headers: { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } };
}
