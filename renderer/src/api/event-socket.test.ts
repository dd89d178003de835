import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from './connection.ts';
import { createEventSocket } from './event-socket.ts';
import { FakeSocket } from '../test-support/fake-socket.ts';

function harness() {
  const sockets: FakeSocket[] = [];
  const statuses: ConnectionStatus[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const es = createEventSocket({
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

  it('backs off up to a cap', async () => {
    const { reconnectDelay } = await import('./event-socket.ts');
    const delays = [0, 1, 2, 3, 10, 50].map(reconnectDelay);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays.at(-1)).toBe(5000);
  });
});
