import { describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../test-support/fake-socket.ts';
import { createHttpTransport } from './http.ts';
import type { SocketLike } from './event-socket.ts';

function recordingFetch(respond: (url: string, body: unknown) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return respond(url, JSON.parse(String(init.body)));
  }) as unknown as typeof fetch;
  return { calls, fetcher };
}

const noSocket = (): SocketLike => ({ onopen: null, onclose: null, onmessage: null, onerror: null, close() {} });
const loc = { protocol: 'http:', host: '127.0.0.1:4000' };

describe('HTTP transport', () => {
  it('posts JSON to /api/<channel> on the same origin and returns the envelope', async () => {
    const { calls, fetcher } = recordingFetch((_url, body) => Response.json({ ok: true, value: { echoed: body } }));
    const t = createHttpTransport({ fetch: fetcher, openSocket: noSocket, location: loc });
    const r = await t.api['caption.reload']({ id: 'a b/c.png' });
    expect(r).toEqual({ ok: true, value: { echoed: { id: 'a b/c.png' } } });
    expect(calls[0]?.url).toBe('/api/caption.reload');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.credentials).toBe('same-origin');
  });

  it('names the folder the page shows on calls that change the dataset, asked at each call, and on no others', async () => {
    const { calls, fetcher } = recordingFetch(() => Response.json({ ok: true, value: null }));
    let shown: string | null = null;
    const t = createHttpTransport({ fetch: fetcher, openSocket: noSocket, location: loc, shownRoot: () => shown });
    const header = (i: number) => new Headers(calls[i]?.init.headers).get('x-tagsmith-dataset');
    await t.api['caption.save']({ id: 'a.png', before: null, after: 'x' });
    shown = '/data/größe #1';
    await t.api['caption.save']({ id: 'a.png', before: null, after: 'x' });
    await t.api['history.undo']({});
    await t.api['caption.reload']({ id: 'a.png' });
    await t.api['dataset.snapshot']({});
    shown = '/data/other';
    await t.api['batch.apply']({ scope: { kind: 'all' }, ops: [] } as never);
    expect([0, 1, 2, 3, 4, 5].map(header)).toEqual([
      null,
      encodeURIComponent('/data/größe #1'),
      encodeURIComponent('/data/größe #1'),
      null,
      null,
      encodeURIComponent('/data/other'),
    ]);
  });

  it('keeps error envelopes and turns other failures into ones', async () => {
    const answers: Response[] = [
      Response.json({ ok: false, error: { kind: 'conflict', message: 'changed' } }, { status: 409 }),
      new Response('nope', { status: 401 }),
      new Response('<html>', { status: 502 }),
      Response.json({ hello: 1 }),
    ];
    const { fetcher } = recordingFetch(() => answers.shift()!);
    const t = createHttpTransport({ fetch: fetcher, openSocket: noSocket, location: loc });
    const kinds = [];
    for (let i = 0; i < 4; i++) {
      const r = await t.api['history.get']({});
      kinds.push(r.ok ? 'ok' : r.error.kind);
    }
    expect(kinds).toEqual(['conflict', 'unauthorized', 'transport', 'transport']);
    const down = createHttpTransport({ fetch: (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch, openSocket: noSocket, location: loc });
    const r = await down.api['history.get']({});
    expect(r.ok ? null : r.error.kind).toBe('network');
  });

  it('after the event socket drops, asks the page (HEAD /) whether the server now refuses this page', async () => {
    const heads: RequestInit[] = [];
    let status = 401;
    const fetcher = (async (url: string, init: RequestInit) => {
      expect(url).toBe('/');
      heads.push(init);
      if (status === 0) throw new TypeError('Failed to fetch');
      return new Response(null, { status });
    }) as unknown as typeof fetch;
    const sockets: FakeSocket[] = [];
    const statuses: string[] = [];
    vi.useFakeTimers();
    try {
      const t = createHttpTransport({
        fetch: fetcher,
        openSocket: () => {
          const s = new FakeSocket();
          sockets.push(s);
          return s;
        },
        location: loc,
        onStatus: (s) => statuses.push(s),
      });
      t.subscribe(() => {});
      sockets[0]!.open();
      sockets[0]!.drop();
      await vi.advanceTimersByTimeAsync(0);
      expect(statuses).toEqual(['open', 'reconnecting', 'refused']);
      expect(heads[0]).toMatchObject({ method: 'HEAD', credentials: 'same-origin', cache: 'no-store' });
      // The server gone altogether (a network failure) is no refusal.
      status = 0;
      await vi.advanceTimersByTimeAsync(250);
      sockets[1]!.drop();
      await vi.advanceTimersByTimeAsync(0);
      expect(statuses.at(-1)).toBe('reconnecting');
    } finally {
      vi.useRealTimers();
    }
  });

  it('addresses images under /media and /thumbs with encoded path segments', () => {
    const t = createHttpTransport({ fetch: fetch, openSocket: noSocket, location: loc });
    expect(t.mediaUrl('10_x y/a#1.png')).toBe('/media/10_x%20y/a%231.png');
    expect(t.thumbnailUrl('a.png', 256)).toBe('/thumbs/a.png?size=256');
  });
});
