import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from './connection.ts';
import { createEventSocket } from './event-socket.ts';
import { FakeSocket } from '../test-support/fake-socket.ts';

function harness(refused?: () => Promise<boolean>) {
  const sockets: FakeSocket[] = [];
  const statuses: ConnectionStatus[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const es = createEventSocket({
    ...(refused ? { refused } : {}),
    url: 'ws://h/api/events',
    open: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onStatus: (s) => statuses.push(s),
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  return { es, sockets, statuses, timers };
}

/** Lets the probes' answers through (they resolve on the microtask queue). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const notice = { event: 'notice', payload: { level: 'info', message: 'hi' } };

describe('event socket', () => {
  it('delivers contract-valid events to every subscriber and drops the rest', () => {
    const { es, sockets } = harness();
    const got: string[] = [];
    es.subscribe((e, p) => got.push(`1:${e}:${JSON.stringify(p)}`));
    es.subscribe((e) => got.push(`2:${e}`));
    expect(sockets).toHaveLength(1);
    const s = sockets[0]!;
    s.open();
    s.send(notice);
    s.send({ event: 'notice', payload: { level: 'loud', message: 'x' } });
    s.send({ event: 'nope', payload: {} });
    s.send('not json');
    expect(got).toEqual(['1:notice:{"level":"info","message":"hi"}', '2:notice']);
  });

  it('reconnects with growing delays, shows "reconnecting", and stops with the last subscriber', () => {
    const { es, sockets, statuses, timers } = harness();
    const off = es.subscribe(() => {});
    sockets[0]!.open();
    sockets[0]!.drop();
    expect(statuses).toEqual(['open', 'reconnecting']);
    timers.shift()!.fn();
    sockets[1]!.drop();
    timers.shift()!.fn();
    sockets[2]!.open();
    expect(statuses.at(-1)).toBe('open');
    off();
    expect(sockets[2]!.closed).toBe(true);
    sockets[2]!.drop();
    expect(timers).toHaveLength(0);
  });

  it('says "refused" while the server is up but turns this page away, until a socket opens again', async () => {
    // The server's answers to the probes, in order: refused twice (a restart with a new token), then not.
    const answers = [true, true, false];
    const asked: number[] = [];
    const { es, sockets, statuses, timers } = harness(async () => {
      asked.push(sockets.length);
      return answers.shift() ?? false;
    });
    es.subscribe(() => {});
    sockets[0]!.open();
    sockets[0]!.drop();
    await settle();
    expect(statuses).toEqual(['open', 'reconnecting', 'refused']);
    // Still refused at the next drop: no flicker back to "reconnecting".
    timers.shift()!.fn();
    sockets[1]!.drop();
    await settle();
    expect(statuses).toEqual(['open', 'reconnecting', 'refused']);
    // The server is down now (the probe finds no refusal): reconnecting again.
    timers.shift()!.fn();
    sockets[2]!.drop();
    await settle();
    expect(statuses.at(-1)).toBe('reconnecting');
    // Once a socket opens, a late probe answer changes nothing.
    timers.shift()!.fn();
    sockets[3]!.open();
    expect(statuses.at(-1)).toBe('open');
    expect(asked).toEqual([1, 2, 3]);
  });

  it('lets only the newest probe answer count, and none once a socket is open', async () => {
    const pending: Array<(refused: boolean) => void> = [];
    const { es, sockets, statuses, timers } = harness(() => new Promise((resolve) => pending.push(resolve)));
    es.subscribe(() => {});
    sockets[0]!.drop();
    timers.shift()!.fn();
    sockets[1]!.drop();
    // The first drop's answer comes after the second drop: stale, ignored.
    pending[0]!(true);
    await settle();
    expect(statuses).toEqual(['reconnecting', 'reconnecting']);
    timers.shift()!.fn();
    sockets[2]!.open();
    pending[1]!(true);
    await settle();
    expect(statuses.at(-1)).toBe('open');
  });

  it('backs off up to a cap', async () => {
    const { reconnectDelay } = await import('./event-socket.ts');
    const delays = [0, 1, 2, 3, 10, 50].map(reconnectDelay);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays.at(-1)).toBe(5000);
  });
});
