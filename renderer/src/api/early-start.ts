import { BRIDGE_KEY } from '../../../shared/contract/bridge.ts';
import { helloSeq } from '../../../shared/contract/hello.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { postChannel } from './call.ts';
import type { SocketLike } from './event-socket.ts';

/*
 * The page's first requests, sent while the rest of its code is still being evaluated: in web mode
 * the snapshot of a big dataset takes a round trip and the server's time to write it, which would
 * otherwise start only once React, zod and the whole UI had been evaluated. Nothing here may import
 * the contract's schemas or the UI: early.ts is a chunk and a script of its own (vite.config.ts), and
 * the build fails if that chunk imports another.
 *
 * The event socket is opened at once too, and the app adopts it later: it is handed everything the
 * socket did until then (open, messages, close), in order, as if it had been listening. The snapshot
 * does not wait for the socket: its eventSeq is compared with the socket's hello (hello.ts), and if an
 * event fell between the two the app gets a snapshot asked for after the socket opened instead.
 */

export interface EarlyStart {
  /** The event socket opened at start, once; null when there is none (Electron, or taken already). */
  takeSocket(): SocketLike | null;
  /** The reply to `channel` requested at start, once; null when there is none. */
  takeCall(channel: string): Promise<Result<unknown, AppError>> | null;
}

type Happening = { type: 'open'; ev: Event } | { type: 'message'; ev: MessageEvent } | { type: 'error'; ev: Event } | { type: 'close'; ev: CloseEvent };

/**
 * A socket that records what happens on it until adopted; the adopter sets its handlers and, on the
 * next microtask (before any further socket event can run), receives the record, then live events.
 */
class HeldSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onerror: SocketLike['onerror'] = null;
  private record: Happening[] | null = [];
  opened = false;
  /** The socket's hello seq; null if the socket ended first or its first frame was no hello. */
  readonly hello: Promise<number | null>;

  constructor(
    private readonly ws: SocketLike,
    onOpen: () => void,
  ) {
    let greeted: ((seq: number | null) => void) | null = null;
    this.hello = new Promise((resolve) => (greeted = resolve));
    const greet = (seq: number | null) => {
      greeted?.(seq);
      greeted = null;
    };
    ws.onopen = (ev) => {
      this.opened = true;
      onOpen();
      this.happen({ type: 'open', ev });
    };
    ws.onmessage = (ev) => {
      if (greeted) {
        const seq = helloSeq(ev.data);
        greet(seq);
        if (seq !== null) return;
      }
      this.happen({ type: 'message', ev });
    };
    ws.onerror = (ev) => this.happen({ type: 'error', ev });
    ws.onclose = (ev) => {
      greet(null);
      this.happen({ type: 'close', ev });
    };
  }

  close(): void {
    this.ws.close();
  }

  adopted(): void {
    queueMicrotask(() => {
      const record = this.record ?? [];
      this.record = null;
      for (const h of record) this.deliver(h);
    });
  }

  private happen(h: Happening): void {
    if (this.record) this.record.push(h);
    else this.deliver(h);
  }

  private deliver(h: Happening): void {
    if (h.type === 'open') this.onopen?.(h.ev);
    else if (h.type === 'message') this.onmessage?.(h.ev);
    else if (h.type === 'error') this.onerror?.(h.ev);
    else this.onclose?.(h.ev);
  }
}

export interface EarlyScope {
  location: { protocol: string; host: string };
  fetch: typeof fetch;
  openSocket: (url: string) => SocketLike;
}

/** Starts the page's first requests in web mode; in Electron (IPC, no round trips to hide) it does nothing. */
export function startEarly(scope: object, web?: EarlyScope): EarlyStart {
  /** Each request sent at start, as the reply the app will be handed. */
  const calls = new Map<string, () => Promise<Result<unknown, AppError>>>();
  let socket: HeldSocket | null = null;
  if (web && !(BRIDGE_KEY in scope)) {
    const { location, fetch: fetcher, openSocket } = web;
    const post = (channel: string) => postChannel(fetcher, channel, {});
    const sent = (channel: string) => {
      const reply = post(channel);
      calls.set(channel, () => reply);
    };
    // What the first screen shows, at once; the job after the socket's open, since its changes
    // reach the page only as events.
    sent('prefs.get');
    const snapshot = post('dataset.snapshot');
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/events`;
    const held = new HeldSocket(openSocket(url), () => sent('job.get'));
    socket = held;
    // Checked when the app asks for it, which it does once the socket is open; if it gives up on the
    // socket first, the snapshot comes unchecked, as any snapshot then does, and again when it opens.
    calls.set('dataset.snapshot', () => (held.opened ? checkedSnapshot(snapshot, held.hello, () => post('dataset.snapshot')) : snapshot));
  }
  return {
    takeSocket() {
      const held = socket;
      socket = null;
      held?.adopted();
      return held;
    },
    takeCall(channel) {
      const call = calls.get(channel) ?? null;
      calls.delete(channel);
      return call?.() ?? null;
    },
  };
}

/**
 * The early snapshot if no event fell between it and the socket's hello (its eventSeq is at least the
 * socket's seq); otherwise a new one, asked for now that the socket is open.
 */
export async function checkedSnapshot(
  early: Promise<Result<unknown, AppError>>,
  hello: Promise<number | null>,
  again: () => Promise<Result<unknown, AppError>>,
): Promise<Result<unknown, AppError>> {
  const [result, seq] = await Promise.all([early, hello]);
  if (!result.ok) return result;
  const eventSeq = (result.value as { eventSeq?: unknown }).eventSeq;
  return seq !== null && typeof eventSeq === 'number' && eventSeq >= seq ? result : again();
}
