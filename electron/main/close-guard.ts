// Nothing typed is lost to a quit: before the app quits, and before the window closes (its close
// button; on Linux and Windows that quits the app too), the page is asked to save its pending
// caption edits, and the close waits for it, with a limit. Edits the page could not save (a
// conflict, a failed write) make the shell ask whether to close anyway.
import { app, dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import { requestFlush, type FlushOutcome } from './ipc.ts';

/** Long enough for a batch of saves on a slow network share; a hung page still lets the app go. */
export const FLUSH_TIMEOUT_MS = 5000;

export interface CloseGuardOptions {
  /** The window whose page holds the edits (null once it is gone). */
  window(): BrowserWindow | null;
  timeoutMs?: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What drops the page: closing it (window or app), or reloading it on another folder. */
export type Leaving = 'close' | 'switch';

/** Whether to go on after the page answered `outcome`. */
async function mayLeave(win: BrowserWindow, outcome: FlushOutcome, leaving: Leaving): Promise<boolean> {
  if (outcome.kind !== 'flushed' || outcome.unsaved === 0) return true;
  const answer = await dialog.showMessageBox(win, {
    type: 'warning',
    buttons: [leaving === 'close' ? 'Close Anyway' : 'Switch Anyway', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: `${plural(outcome.unsaved, 'caption edit')} could not be saved`,
    detail: `A caption changed on disk meanwhile, or the save failed. ${leaving === 'close' ? 'Closing' : 'Switching folders'} now loses these edits.`,
  });
  return answer.response === 0;
}

export interface CloseGuard {
  /** Guards one window's close button. */
  guardWindow(win: BrowserWindow): void;
  /** Saves the page's pending edits before the page goes away some other way (a folder switch reloads it). */
  flush(win: BrowserWindow, leaving?: Leaving): Promise<boolean>;
}

/** Installs the guard on the app's quit; call guardWindow for each window made. */
export function installCloseGuard(opts: CloseGuardOptions): CloseGuard {
  const timeoutMs = opts.timeoutMs ?? FLUSH_TIMEOUT_MS;
  // One flush at a time: a quit arriving while the close button's flush runs waits for that one.
  let inFlight: Promise<boolean> | null = null;
  const flush = (win: BrowserWindow, leaving: Leaving = 'close'): Promise<boolean> => {
    inFlight ??= requestFlush(win.webContents, timeoutMs)
      .then((outcome) => mayLeave(win, outcome, leaving))
      .catch(() => true)
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  // Set once the flush allowed the quit, so the app.quit() that follows passes straight through.
  let quitAllowed = false;
  app.on('before-quit', (event) => {
    const win = opts.window();
    if (quitAllowed || !win || win.isDestroyed()) return;
    event.preventDefault();
    void flush(win).then((go) => {
      if (!go) return;
      quitAllowed = true;
      app.quit();
    });
  });

  return {
    flush,
    guardWindow(win) {
      let closeAllowed = false;
      win.on('close', (event) => {
        if (quitAllowed || closeAllowed) return;
        event.preventDefault();
        void flush(win).then((go) => {
          if (!go || win.isDestroyed()) return;
          closeAllowed = true;
          win.close();
        });
      });
    },
  };
}
