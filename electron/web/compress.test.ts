import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, encodeBody } from './compress.ts';

describe('gzip of responses', () => {
  it('reads Accept-Encoding as browsers and proxies send it', () => {
    const yes = ['gzip', 'gzip, deflate, br, zstd', 'br;q=1.0, gzip;q=0.8', 'x-gzip', '*', 'GZIP', 'deflate, *;q=0.1'];
    const no = [undefined, '', 'identity', 'br', 'gzip;q=0', 'gzip; q=0.0, br', '*;q=0', 'br, *;q=0', 'gzip;q=0, *'];
    for (const h of yes) expect(acceptsGzip(h), h).toBe(true);
    for (const h of no) expect(acceptsGzip(h), String(h)).toBe(false);
  });

  it('gzips a body worth it, round trip exact; leaves small ones and unwanted ones as they are', async () => {
    const json = Buffer.from(JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: `img_${i}.png`, caption: 'ohwx, 1girl, solo, größe' }))));
    const packed = await encodeBody(json, true);
    expect(packed.headers).toEqual({ 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
    expect(packed.body.length).toBeLessThan(json.length / 5);
    expect(gunzipSync(packed.body).equals(json)).toBe(true);
    expect(await encodeBody(json, false)).toEqual({ body: json, headers: { Vary: 'Accept-Encoding' } });
    const small = Buffer.from('{"ok":true}');
    expect(await encodeBody(small, true)).toEqual({ body: small, headers: { Vary: 'Accept-Encoding' } });
  });

  it('compresses a content-hashed file once, by its key', async () => {
    const store = new Map<string, Promise<Uint8Array>>();
    const script = Buffer.from('export const a = 1;\n'.repeat(200));
    const first = await encodeBody(script, true, { key: '/assets/app-1.js', store });
    const again = await encodeBody(script, true, { key: '/assets/app-1.js', store });
    expect(again.body).toBe(first.body);
    expect(store.size).toBe(1);
    expect(gunzipSync(first.body).equals(script)).toBe(true);
  });
});
