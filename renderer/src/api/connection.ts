import { create } from 'zustand';

/**
 * State of the live event channel. Kept outside the dataset store: it belongs to the transport, and
 * the status bar is its only reader.
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

interface ConnectionState {
  status: ConnectionStatus;
  /** Times the channel came back after a drop (the app reloads the snapshot on each). */
  reconnects: number;
  setStatus(status: ConnectionStatus): void;
}

export const useConnection = create<ConnectionState>()((set, get) => ({
  status: 'connecting',
  reconnects: 0,
  setStatus(status) {
    const previous = get().status;
    if (previous === status) return;
    set({ status, reconnects: get().reconnects + (status === 'open' && previous === 'reconnecting' ? 1 : 0) });
  },
}));
