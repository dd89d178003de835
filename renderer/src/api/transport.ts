import { BRIDGE_KEY, type PreloadBridge, type Transport } from '../../../shared/contract/index.ts';
import { useConnection } from './connection.ts';
import type { EarlyStart } from './early-start.ts';
import { createElectronTransport } from './electron.ts';
import { createHttpTransport } from './http.ts';

const isBridge = (v: unknown): v is PreloadBridge =>
  typeof v === 'object' && v !== null && typeof (v as PreloadBridge).invoke === 'function' && typeof (v as PreloadBridge).subscribe === 'function';

/**
 * Electron when the preload bridge is present, otherwise web mode on the page's own origin, taking
 * over what the page started early (early-start.ts). `shownRoot`: the folder the page shows (http.ts).
 */
export function createTransport(scope: object = globalThis, early?: EarlyStart, shownRoot?: () => string | null): Transport {
  const bridge = (scope as Record<string, unknown>)[BRIDGE_KEY];
  const { setStatus } = useConnection.getState();
  if (isBridge(bridge)) {
    // IPC has no connection to lose.
    setStatus('open');
    return createElectronTransport(bridge);
  }
  return createHttpTransport({ onStatus: setStatus, ...(early ? { early } : {}), ...(shownRoot ? { shownRoot } : {}) });
}
