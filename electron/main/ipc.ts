// The one place ipcMain is used (lint-enforced). Requests go to the shared dispatcher, which checks
// the channel and validates the request against the contract; this file only checks who is asking.
import { BrowserWindow, ipcMain } from 'electron';
import type { IpcMainEvent, WebContents, WebFrameMain } from 'electron';
import type { EventListener, Handlers } from '../../shared/contract/api.ts';
import { IPC_EVENT, IPC_FLUSH, IPC_FLUSHED, IPC_INVOKE } from '../../shared/contract/bridge.ts';
import { err } from '../../shared/result.ts';
import { isAppUrl } from './app-url.ts';
import { whenReady } from './ready-calls.ts';

/** What registerIpc needs of the Session: its event stream. */
export interface EventSource {
  on(listener: EventListener): () => void;
}

/** Only the top frame of a page served from our own scheme may call the backend (no iframes, no web pages). */
function isAppFrame(frame: WebFrameMain | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

export type FlushOutcome = { kind: 'flushed'; unsaved: number } | { kind: 'timeout' } | { kind: 'no-page' };

/** Flush requests sent and not answered yet, by sequence number. */
const flushWaiters = new Map<number, { contents: WebContents; done: (outcome: FlushOutcome) => void }>();
let flushSeq = 0;

function onFlushed(event: IpcMainEvent, seq: unknown, report: unknown): void {
  const waiter = typeof seq === 'number' ? flushWaiters.get(seq) : undefined;
  // Only the page that was asked may answer, so nothing else can hurry a quit past unsaved work.
  if (!waiter || event.sender !== waiter.contents || !isAppFrame(event.senderFrame)) return;
  const unsaved = (report as { unsaved?: unknown } | null)?.unsaved;
  waiter.done({ kind: 'flushed', unsaved: typeof unsaved === 'number' && unsaved >= 0 ? unsaved : 0 });
}

/**
 * Asks the page in `contents` to save its pending caption edits (the preload's onFlushRequest) and
 * resolves with its answer, or with 'timeout' after `timeoutMs`: a page that hangs or never loaded
 * must not keep the app from closing.
 */
export function requestFlush(contents: WebContents, timeoutMs: number): Promise<FlushOutcome> {
  if (contents.isDestroyed() || !isAppUrl(contents.getURL())) return Promise.resolve({ kind: 'no-page' });
  const seq = ++flushSeq;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    const done = (outcome: FlushOutcome): void => {
      clearTimeout(timer);
      flushWaiters.delete(seq);
      resolve(outcome);
    };
    flushWaiters.set(seq, { contents, done });
    contents.send(IPC_FLUSH, seq);
  });
}

/**
 * Wires the handler map to IPC and the session's events to every app window. Returns the undo. Both
 * are still on their way (the folder is read while the window loads): a request waits for the
 * handlers, unless `now` answers it (ready-calls.ts), and the events flow from the moment the session
 * is there.
 */
export function registerIpc(handlers: Promise<Handlers>, session: Promise<EventSource>, now: Partial<Handlers> = {}): () => void {
  const call = whenReady(now, handlers);
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, request: unknown) => {
    if (!isAppFrame(event.senderFrame)) {
      return err({ kind: 'forbidden', message: 'IPC refused: the caller is not a Tagsmith page' });
    }
    if (typeof channel !== 'string') return err({ kind: 'unknown-channel', message: 'channel must be a string' });
    return call(channel, request);
  });
  ipcMain.on(IPC_FLUSHED, onFlushed);

  let unsubscribe: (() => void) | null = null;
  let undone = false;
  // A session that never opens is reported by whoever opened it; here it only means no events.
  void session
    .then((source) => {
      if (undone) return;
      unsubscribe = source.on((name, payload) => {
        for (const win of BrowserWindow.getAllWindows()) {
          const contents = win.webContents;
          // A window that navigated away (it cannot, but cheaply checked) gets no dataset data.
          if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(IPC_EVENT, name, payload);
        }
      });
    })
    .catch(() => undefined);

  return () => {
    undone = true;
    ipcMain.removeHandler(IPC_INVOKE);
    ipcMain.removeListener(IPC_FLUSHED, onFlushed);
    unsubscribe?.();
  };
}
