// The one place ipcMain is used (lint-enforced). Requests go to the shared dispatcher, which checks
// the channel and validates the request against the contract; this file only checks who is asking.
import { BrowserWindow, ipcMain } from 'electron';
import type { WebFrameMain } from 'electron';
import type { EventListener, Handlers } from '../../shared/contract/api.ts';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract/bridge.ts';
import { dispatch } from '../../shared/contract/dispatch.ts';
import { err } from '../../shared/result.ts';
import { isAppUrl } from './app-url.ts';

/** What registerIpc needs of the Session: its event stream. */
export interface EventSource {
  on(listener: EventListener): () => void;
}

/** Only the top frame of a page served from our own scheme may call the backend (no iframes, no web pages). */
function isAppFrame(frame: WebFrameMain | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

/** Wires the handler map to IPC and the session's events to every app window. Returns the undo. */
export function registerIpc(handlers: Handlers, session: EventSource): () => void {
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, request: unknown) => {
    if (!isAppFrame(event.senderFrame)) {
      return err({ kind: 'forbidden', message: 'IPC refused: the caller is not a Tagsmith page' });
    }
    if (typeof channel !== 'string') return err({ kind: 'unknown-channel', message: 'channel must be a string' });
    return dispatch(handlers, channel, request);
  });

  const unsubscribe = session.on((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      const contents = win.webContents;
      // A window that navigated away (it cannot, but cheaply checked) gets no dataset data.
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(IPC_EVENT, name, payload);
    }
  });

  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unsubscribe();
  };
}
