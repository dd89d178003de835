import { create } from 'zustand';

/**
 * State of the live event channel. Kept outside the dataset store: it belongs to the transport, and
 * the status bar is its only reader.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

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
