import type { AppError, Result } from '../result.ts';

/**
 * What the Electron preload exposes on `window.tagsmith` (contextBridge): one generic invoke over the
 * contract's channels and one event subscription. Nothing else of Electron or Node reaches the page.
 */
export interface PreloadBridge {
  invoke(channel: string, request: unknown): Promise<Result<unknown, AppError>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  /**
   * Electron only: `handler` runs when the app is about to close the window (quit, or the window's
   * close button) and resolves once the page's pending caption edits are saved, with the number of
   * edits it still could not save (a conflict, a failed write). The shell waits for it, with a limit.
   */
  onFlushRequest?(handler: () => Promise<FlushReport>): () => void;
}

/** What the page answers to a flush request. */
export interface FlushReport {
  unsaved: number;
}

export const BRIDGE_KEY = 'tagsmith';
/** The IPC channel names the two wrapper files use (never raw channel strings from the page). */
export const IPC_INVOKE = 'tagsmith:invoke';
export const IPC_EVENT = 'tagsmith:event';
/** Main asks the page to save pending edits (with a sequence number) before its window closes... */
export const IPC_FLUSH = 'tagsmith:flush';
/** ...and the page answers with that number and a FlushReport. */
export const IPC_FLUSHED = 'tagsmith:flushed';
