import { create } from 'zustand';

/**
 * State of the live event channel. Kept outside the dataset store: it belongs to the transport, and
 * the status bar is its only reader.
 *
 * 'refused': the server answers but no longer takes this page's access token. Each launch of
 * `tagsmith serve` has a token of its own, and a restarted server keeps its port (serve.ts), so an
 * open page finds it again and is turned away until its address is opened in this browser.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'refused';

interface ConnectionState {
  status: ConnectionStatus;
  setStatus(status: ConnectionStatus): void;
}

export const useConnection = create<ConnectionState>()((set, get) => ({
  status: 'connecting',
  setStatus(status) {
    if (get().status !== status) set({ status });
  },
}));
