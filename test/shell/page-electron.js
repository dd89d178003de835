/* global window, WebSocket, location, __BRIDGE_URL__ */
// Test stand-in for what Electron gives a sandboxed preload, for a plain Chromium page: `require`
// that knows only 'electron', and an `electron` with contextBridge and ipcRenderer. ipcRenderer talks
// over a loopback WebSocket to test/shell/page-bridge.ts, which hands each call to the harness's
// ipcMain (the real handlers of the built main bundle). page-bridge.ts fills in the two placeholders
// below (the socket's URL, the built out/electron/preload.cjs) and installs this as a Playwright init
// script, so it runs before the page's own scripts, as a preload does.
// Not faithful on purpose: arguments cross as JSON, not structured clones; contextBridge hands the
// page the object itself (frozen) instead of a cross-world proxy; the preload shares the page's world.
(() => {
  const socket = new WebSocket(__BRIDGE_URL__);
  const opened = new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let nextId = 0;
  const calls = new Map();
  const listeners = new Map();
  const post = (message) => opened.then(() => socket.send(JSON.stringify(message)));

  const ipcRenderer = {
    invoke(channel, ...args) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        calls.set(id, { resolve, reject });
        void post({ t: 'invoke', id, channel, args });
      });
    },
    send(channel, ...args) {
      void post({ t: 'send', channel, args });
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };

  socket.onmessage = (e) => {
    const message = JSON.parse(e.data);
    if (message.t === 'result') {
      const call = calls.get(message.id);
      calls.delete(message.id);
      if (message.ok) call?.resolve(message.value);
      else call?.reject(new Error(message.message));
    } else if (message.t === 'message') {
      // Electron passes an IpcRendererEvent first; its `sender` is ipcRenderer itself.
      for (const listener of [...(listeners.get(message.channel) ?? [])]) listener({ sender: ipcRenderer }, ...message.args);
    } else if (message.t === 'reload') {
      location.reload();
    }
  };

  const contextBridge = {
    exposeInMainWorld(key, api) {
      Object.defineProperty(window, key, { value: Object.freeze({ ...api }), enumerable: true });
    },
  };
  const electron = Object.freeze({ contextBridge, ipcRenderer });
  const require = (id) => {
    if (id === 'electron') return electron;
    throw new Error(`Cannot find module '${id}' (a sandboxed preload can require only electron)`);
  };
  const module = { exports: {} };
  // The preload's CommonJS wrapper: page-bridge.ts puts the built preload in place of the marker.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the preload put inside uses them
  (function (require, module, exports) {
    /* __PRELOAD__ */
  })(require, module, module.exports);
})();
