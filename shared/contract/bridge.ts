import type { AppError, Result } from '../result.ts';

/**
 * What the Electron preload exposes on `window.tagsmith` (contextBridge): one generic invoke over the
 * contract's channels and one event subscription. Nothing else of Electron or Node reaches the page.
 */
export interface PreloadBridge {
  invoke(channel: string, request: unknown): Promise<Result<unknown, AppError>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

export const BRIDGE_KEY = 'tagsmith';
/** The IPC channel names the two wrapper files use (never raw channel strings from the page). */
export const IPC_INVOKE = 'tagsmith:invoke';
export const IPC_EVENT = 'tagsmith:event';
