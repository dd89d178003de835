// The page's only window onto the app (sandboxed, so bundled to one CommonJS file by
// scripts/build-electron.mjs). It forwards nothing but the contract's channel names and hands the
// page plain values: never ipcRenderer, never an IpcRendererEvent (whose `sender` is ipcRenderer).
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, IPC_EVENT, IPC_FLUSH, IPC_FLUSHED, IPC_INVOKE } from '../../shared/contract/bridge.ts';
import type { PreloadBridge } from '../../shared/contract/bridge.ts';
import { isChannel } from '../../shared/contract/channels.ts';

type Envelope = Awaited<ReturnType<PreloadBridge['invoke']>>;

const failure = (kind: string, message: string): Envelope => ({ ok: false, error: { kind, message } });

const bridge: PreloadBridge = {
  invoke(channel, request) {
    // Checked here as well as in main: an unknown name never reaches IPC at all.
    if (typeof channel !== 'string' || !isChannel(channel)) {
      return Promise.resolve(failure('unknown-channel', `unknown channel: ${String(channel).slice(0, 100)}`));
    }
    return (ipcRenderer.invoke(IPC_INVOKE, channel, request) as Promise<Envelope>).catch((e: unknown) =>
      // Main refused the call (e.g. not our page) or the handler threw past the dispatcher.
      failure('ipc', e instanceof Error ? e.message.split('\n')[0]! : 'IPC failed'),
    );
  },
  subscribe(listener) {
    if (typeof listener !== 'function') throw new TypeError('subscribe(listener): listener must be a function');
    const relay = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, relay);
    };
  },
  onFlushRequest(handler) {
    if (typeof handler !== 'function') throw new TypeError('onFlushRequest(handler): handler must be a function');
    const relay = (_event: IpcRendererEvent, seq: unknown): void => {
      if (typeof seq !== 'number') return;
      // Main always hears back, since it is waiting to close the window; a handler that threw
      // counts as unsaved work, so the user is asked before it is dropped.
      void Promise.resolve()
        .then(handler)
        .then(
          (report) => ({ unsaved: typeof report?.unsaved === 'number' ? report.unsaved : 0 }),
          () => ({ unsaved: 1 }),
        )
        .then((report) => ipcRenderer.send(IPC_FLUSHED, seq, report));
    };
    ipcRenderer.on(IPC_FLUSH, relay);
    return () => {
      ipcRenderer.removeListener(IPC_FLUSH, relay);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
