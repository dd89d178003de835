import { describe, expect, it } from 'vitest';
import type { AppError, Result } from '../../../shared/result.ts';
import type { ConnectionStatus } from './connection.ts';
import { checkedSnapshot, startEarly } from './early-start.ts';
import { createHttpTransport } from './http.ts';
import { FakeSocket } from '../test-support/fake-socket.ts';

/** A server: every POST is recorded and answered with what `reply` gives for its channel. */
function world(reply: (channel: string, n: number) => unknown = () => ({})) {
  const posts: string[] = [];
  const sockets: FakeSocket[] = [];
  const fetcher = (async (url: string) => {
    const channel = url.replace('/api/', '');
    posts.push(channel);
    return Response.json({ ok: true, value: reply(channel, posts.filter((c) => c === channel).length) });
  }) as unknown as typeof fetch;
  const openSocket = () => {
    const s = new FakeSocket();
    sockets.push(s);
    return s;
  };
  return { posts, sockets, scope: { location: { protocol: 'http:', host: 'h:1' }, fetch: fetcher, openSocket } };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const value = (r: Result<unknown, AppError> | null | undefined) => (r?.ok ? r.value : r);

describe('early start', () => {
  it('asks for the preferences and the snapshot at once, the job once the socket is open, each reply handed over once', async () => {
    const w = world((channel, n) => ({ channel, n, eventSeq: 0 }));
    const early = startEarly({}, w.scope);
    expect(w.posts).toEqual(['prefs.get', 'dataset.snapshot']);
    expect(w.sockets).toHaveLength(1);
    w.sockets[0]!.open();
    expect(w.posts).toEqual(['prefs.get', 'dataset.snapshot', 'job.get']);
    w.sockets[0]!.send({ hello: { seq: 0 } });
    expect(value(await early.takeCall('prefs.get'))).toEqual({ channel: 'prefs.get', n: 1, eventSeq: 0 });
    expect(value(await early.takeCall('job.get'))).toMatchObject({ channel: 'job.get' });
    expect(value(await early.takeCall('dataset.snapshot'))).toMatchObject({ channel: 'dataset.snapshot', n: 1 });
    expect(early.takeCall('dataset.snapshot')).toBeNull();
    expect(early.takeCall('history.get')).toBeNull();
    expect(w.posts).toHaveLength(3);
  });

  it('does nothing in Electron, where the preload bridge is present', () => {
    const w = world();
    const early = startEarly({ tagsmith: {} }, w.scope);
    expect(w.posts).toEqual([]);
    expect(w.sockets).toEqual([]);
    expect(early.takeSocket()).toBeNull();
    expect(early.takeCall('dataset.snapshot')).toBeNull();
  });

  it('hands the socket to the transport with what it did until then, in order, and live afterwards', async () => {
    const w = world((channel) => (channel === 'dataset.snapshot' ? { eventSeq: 1 } : {}));
    const early = startEarly({}, w.scope);
    const raw = w.sockets[0]!;
    raw.open();
    raw.send({ hello: { seq: 1 } });
    raw.send({ event: 'notice', payload: { level: 'info', message: 'one' } });
    raw.send({ event: 'notice', payload: { level: 'info', message: 'two' } });

    const statuses: ConnectionStatus[] = [];
    const got: string[] = [];
    const opened: FakeSocket[] = [];
    const transport = createHttpTransport({
      fetch: w.scope.fetch,
      location: w.scope.location,
      openSocket: () => {
        const s = new FakeSocket();
        opened.push(s);
        return s;
      },
      onStatus: (s) => statuses.push(s),
      early,
    });
    transport.subscribe((event, payload) => got.push(`${event}:${(payload as { message: string }).message}`));
    // The record is handed over on the next microtask, after the transport has set its handlers.
    expect(got).toEqual([]);
    await Promise.resolve();
    expect(statuses).toEqual(['open']);
    expect(got).toEqual(['notice:one', 'notice:two']);
    raw.send({ event: 'notice', payload: { level: 'info', message: 'three' } });
    expect(got).toEqual(['notice:one', 'notice:two', 'notice:three']);
    expect(opened).toEqual([]);

    // The early replies go to the first asker only; later ones are sent as usual.
    expect(value(await transport.api['dataset.snapshot']({}))).toEqual({ eventSeq: 1 });
    await transport.api['dataset.snapshot']({});
    expect(w.posts.filter((c) => c === 'dataset.snapshot')).toHaveLength(2);

    // A drop reconnects with a socket of the transport's own.
    raw.drop();
    expect(statuses).toEqual(['open', 'reconnecting']);
  });

  it('a request with arguments never takes an early reply', async () => {
    const w = world(() => ({}));
    const early = startEarly({}, w.scope);
    const transport = createHttpTransport({ fetch: w.scope.fetch, location: w.scope.location, openSocket: () => new FakeSocket(), early });
    await transport.api['prefs.get']({ unexpected: true } as never);
    expect(w.posts).toEqual(['prefs.get', 'dataset.snapshot', 'prefs.get']);
    await transport.api['prefs.get']({});
    expect(w.posts).toHaveLength(3);
  });

  it('asks for the snapshot again when an event fell between it and the socket', async () => {
    // The snapshot was taken after 2 events; the socket joined after 3: the third reached neither.
    const w = world((channel, n) => (channel === 'dataset.snapshot' ? { eventSeq: n === 1 ? 2 : 3, n } : {}));
    const early = startEarly({}, w.scope);
    w.sockets[0]!.open();
    w.sockets[0]!.send({ hello: { seq: 3 } });
    expect(value(await early.takeCall('dataset.snapshot'))).toEqual({ eventSeq: 3, n: 2 });
  });

  it('keeps the snapshot when the socket joined first', async () => {
    const w = world((channel) => (channel === 'dataset.snapshot' ? { eventSeq: 5 } : {}));
    const early = startEarly({}, w.scope);
    w.sockets[0]!.open();
    const taken = early.takeCall('dataset.snapshot');
    await tick();
    // Waits for the socket's hello before it decides.
    w.sockets[0]!.send({ hello: { seq: 4 } });
    expect(value(await taken)).toEqual({ eventSeq: 5 });
    expect(w.posts.filter((c) => c === 'dataset.snapshot')).toHaveLength(1);
  });

  it('hands the snapshot over unchecked when asked before the socket opened (the app loads again once it does)', async () => {
    const w = world((channel) => (channel === 'dataset.snapshot' ? { eventSeq: 0 } : {}));
    const early = startEarly({}, w.scope);
    expect(value(await early.takeCall('dataset.snapshot'))).toEqual({ eventSeq: 0 });
  });
});

describe('checkedSnapshot', () => {
  const reply = (eventSeq: unknown): Promise<Result<unknown, AppError>> => Promise.resolve({ ok: true, value: { eventSeq } });
  const again = () => reply('again');

  it('keeps a snapshot at least as new as the socket, asks again otherwise or when the socket said nothing', async () => {
    expect(value(await checkedSnapshot(reply(3), Promise.resolve(3), again))).toEqual({ eventSeq: 3 });
    expect(value(await checkedSnapshot(reply(3), Promise.resolve(4), again))).toEqual({ eventSeq: 'again' });
    expect(value(await checkedSnapshot(reply(3), Promise.resolve(null), again))).toEqual({ eventSeq: 'again' });
    expect(value(await checkedSnapshot(reply(undefined), Promise.resolve(0), again))).toEqual({ eventSeq: 'again' });
  });

  it('passes a failed snapshot on as it is', async () => {
    const failed = Promise.resolve({ ok: false as const, error: { kind: 'network', message: 'down' } });
    expect(await checkedSnapshot(failed, Promise.resolve(0), again)).toEqual({ ok: false, error: { kind: 'network', message: 'down' } });
  });
});
