import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { appFrame } from './fake-electron.ts';
import type { ShellRun } from './load-shell.ts';

/*
 * Puts the app's page in a real Chromium (Playwright) on top of a harness run (load-shell.ts):
 * - http://127.0.0.1:<port>/<path> is answered by the app scheme's handler for tagsmith://app/<path>,
 *   headers (the CSP) included, so the page stands for tagsmith://app/index.html;
 * - /__bridge is the WebSocket the page's stand-in ipcRenderer (page-electron.js) talks over: each
 *   invoke/send goes to the harness's ipcMain as from the app's top frame of the main window, and
 *   what main sends that window (webContents.send, reload) goes back to the page.
 * Same origin for both, so the app's own CSP (connect-src 'self') allows the socket.
 */

export interface ServedPage {
  url: string;
  /** For page.addInitScript: the stand-in electron module, then the built preload run with it. */
  initScript: string;
  close(): Promise<void>;
}

export async function servePage(run: ShellRun): Promise<ServedPage> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const answer = await run.electron.protocol.fetch(`tagsmith://app${req.url ?? '/'}`, { method: req.method ?? 'GET' });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch(() => {
      res.writeHead(500).end();
    });
  });
  const sockets = new WebSocketServer({ server, path: '/__bridge' });
  sockets.on('connection', (socket) => {
    const contents = run.window().webContents;
    const frame = () => appFrame(contents.getURL());
    const send = (message: unknown): void => socket.send(JSON.stringify(message));
    const onMessage = (channel: string, args: unknown[]): void => send({ t: 'message', channel, args });
    const onReload = (): void => send({ t: 'reload' });
    contents.page.on('message', onMessage);
    contents.page.on('reload', onReload);
    socket.on('close', () => {
      contents.page.off('message', onMessage);
      contents.page.off('reload', onReload);
    });
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { t: string; id?: number; channel: string; args: unknown[] };
      if (message.t === 'send') {
        run.electron.ipcMain.deliver(contents, frame(), message.channel, ...message.args);
      } else if (message.t === 'invoke') {
        run.electron.ipcMain.invoke(contents, frame(), message.channel, ...message.args).then(
          (value) => send({ t: 'result', id: message.id, ok: true, value }),
          (e: unknown) => send({ t: 'result', id: message.id, ok: false, message: e instanceof Error ? e.message : String(e) }),
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const template = fs.readFileSync(new URL('./page-electron.js', import.meta.url), 'utf8');
  const preload = fs.readFileSync(run.preloadPath, 'utf8');
  // Placeholders, not arguments: the page's CSP forbids eval, so the preload goes in as source text.
  const initScript = template
    .replace('new WebSocket(__BRIDGE_URL__)', () => `new WebSocket(${JSON.stringify(`ws://127.0.0.1:${port}/__bridge`)})`)
    .replace('/* __PRELOAD__ */', () => preload);

  return {
    url: `http://127.0.0.1:${port}`,
    initScript,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
