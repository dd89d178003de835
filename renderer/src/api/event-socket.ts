import type { EventListener } from '../../../shared/contract/index.ts';
import type { ConnectionStatus } from './connection.ts';
import { parseEventFrame } from './event-parse.ts';

/** The part of the DOM WebSocket this uses (tests pass a fake). */
export interface SocketLike {
  onopen: ((ev: Event) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  close(): void;
}

export interface EventSocketOptions {
  url: string;
  open: (url: string) => SocketLike;
  onStatus: (status: ConnectionStatus) => void;
  /**
   * Asked after each drop: whether the server is up but refuses this page (status 'refused'). A
   * browser never says why a socket's handshake failed, so this asks over HTTP.
   */
  refused?: () => Promise<boolean>;
  /** Delay before reconnect attempt `n` (0-based). */
  delay?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Backoff with a cap: quick after a server restart, never hammering one that is down. */
export const reconnectDelay = (attempt: number): number => Math.min(5000, 250 * 2 ** attempt);

/**
 * One WebSocket shared by every subscriber, opened on the first subscription and reconnected with
 * backoff whenever it drops, until the last subscriber leaves.
 */
export function createEventSocket(options: EventSocketOptions): { subscribe(listener: EventListener): () => void } {
  const { url, open, onStatus, delay = reconnectDelay } = options;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const listeners = new Set<EventListener>();
  let socket: SocketLike | null = null;
  let timer: unknown = null;
  let attempt = 0;
  /** Bumped by every drop and every open: a probe's answer counts only if nothing happened since it was asked. */
  let turn = 0;
  /** The last probe found the server refusing this page; kept until a socket opens, so the status does not flicker. */
  let refusedNow = false;

  const probe = () => {
    const asked = ++turn;
    void options.refused?.().then((refused) => {
      if (asked !== turn || listeners.size === 0 || refused === refusedNow) return;
      refusedNow = refused;
      onStatus(refused ? 'refused' : 'reconnecting');
    });
  };

  const connect = () => {
    timer = null;
    const ws = open(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      turn++;
      refusedNow = false;
      onStatus('open');
    };
    ws.onmessage = (ev) => {
      const parsed = parseEventFrame(ev.data);
      if (!parsed) return;
      for (const listener of [...listeners]) listener(parsed.event, parsed.payload);
    };
    ws.onerror = () => {
      // onclose follows every error and schedules the retry.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (listeners.size === 0) return;
      // Also after a first attempt that never opened: live updates are off until it does.
      if (!refusedNow) onStatus('reconnecting');
      probe();
      timer = setTimer(connect, delay(attempt++));
    };
  };

  const stop = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    const ws = socket;
    socket = null;
    ws?.close();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!socket && timer === null) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
  };
}
