import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { WebServer } from '../../web/server.ts';
import { CliError, usageError } from '../errors.ts';

interface ServeFlags { port?: string; host: string; open?: boolean; exportRoot?: string }

/**
 * The port `serve` takes unless told (8247 spells TAGS on a phone), else the next free one of
 * PORT_TRIES. A stable address is what a user tunnelling from a GPU box needs, and the browser keeps
 * the page's compiled code per origin (host and port): a new port at every start meant a first-ever
 * load every time (first screenful 923 vs 545 ms, bench:first-screen).
 */
export const DEFAULT_PORT = 8247;
const PORT_TRIES = 10;

/** If something (a stray handle) still holds the event loop after a clean close, exit anyway. */
const EXIT_GRACE_MS = 3000;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the editor to a browser on this machine (token-protected; prints the address)')
    .argument('<dir>', 'dataset folder')
    .option('--port <n>', `port to listen on (default ${DEFAULT_PORT}, or the next free one; 0: any free port)`)
    .option('--host <host>', 'address to bind; anything but loopback exposes the dataset to the network', '127.0.0.1')
    .option('--export-root <dir>', "the only folder the page may export into, new folders below it included (default: the dataset's parent folder)")
    // Accepted so scripts can say it; serve never opens a browser (npm start does).
    .option('--no-open', 'do not open a browser (the default)')
    .action(async (dir: string, flags: ServeFlags) => {
      // Told a port, serve takes it or fails; untold, it tries the default, the next ones, then any.
      const ports = flags.port === undefined ? [...Array.from({ length: PORT_TRIES }, (_, i) => DEFAULT_PORT + i), 0] : [parsePort(flags.port)];
      const root = resolve(dir);
      const info = await stat(root).catch(() => null);
      if (!info) throw new CliError(`no such folder: ${dir}`);
      if (!info.isDirectory()) throw new CliError(`not a folder: ${dir}`);
      // Checked now, not at the first export: a typo should fail here, where the user is looking.
      const exportRoot = flags.exportRoot === undefined ? dirname(root) : resolve(flags.exportRoot);
      if (flags.exportRoot !== undefined) {
        const exportInfo = await stat(exportRoot).catch(() => null);
        if (!exportInfo) throw new CliError(`no such folder for --export-root: ${flags.exportRoot}`);
        if (!exportInfo.isDirectory()) throw new CliError(`--export-root is not a folder: ${flags.exportRoot}`);
      }
      const { isLoopbackHost } = await import('../../web/security.ts');
      if (!isLoopbackHost(flags.host)) {
        process.stderr.write(`tagsmith: warning: serving on ${flags.host}: anyone who can reach this address and has the link can edit the dataset\n`);
      }

      // The server, session and handlers (every package the editor uses) load only for `serve` (see program.ts).
      const [{ defaultConfigFile }, { loadPrefs }, { createHandlers }, { Session }, { ensureRendererBuild }, { startWebServer }] = await Promise.all([
        import('../../core/config/config-path.ts'),
        import('../../core/config/prefs-file.ts'),
        import('../../core/handlers/index.ts'),
        import('../../core/session/session.ts'),
        import('../../web/renderer-build.ts'),
        import('../../web/server.ts'),
      ]);
      const gridInView = async () => (await loadPrefs(defaultConfigFile())).prefs.editor.gridInView;
      // The UI's build check and the dataset's open (scan, captions, watcher) are independent: both at once.
      const [built, opened] = await Promise.allSettled([ensureRendererBuild(), Session.open({ root, watch: true, editing: { screenful: gridInView } })]);
      if (built.status === 'rejected') {
        if (opened.status === 'fulfilled') await opened.value.close();
        throw built.reason;
      }
      if (opened.status === 'rejected') throw opened.reason;
      const rendererDir = built.value;
      const session = opened.value;
      // The same per-user preferences file as the desktop app (TAGSMITH_CONFIG_DIR moves it).
      // Exports only under exportRoot: whoever holds the token is not necessarily this user.
      const handlers = createHandlers(session, { allowOpen: false, configFile: defaultConfigFile(), exportRoot });
      let server: WebServer;
      try {
        server = await firstFree(ports, (port) =>
          startWebServer({
            handlers,
            subscribe: (listener) => session.on(listener),
            eventsSent: () => session.eventsSent(),
            root: session.root,
            thumbnails: session.thumbnails(),
            rendererDir,
            host: flags.host,
            port,
          }),
        );
      } catch (e) {
        await session.close();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CliError(`port ${ports[0]} is in use; pick another with --port, or --port 0 for any free one`);
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new CliError(`cannot listen on ${flags.host}: not an address of this machine`);
        throw e;
      }
      const url = server.url;
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          // A second Ctrl+C while closing means "now".
          process.once('SIGINT', () => process.exit(130));
          done();
        };
        // Handlers first, then the line: whoever reads the line may signal at once, and a signal
        // that arrived before its handler would end the process by the default action, unclean.
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        process.stdout.write(`Tagsmith: serving ${root} at ${url}\n`);
      });
      await server.close();
      await session.close();
      setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
    });
}

/** The server on the first of `ports` not in use; any other failure, or the last port's, is thrown. */
async function firstFree(ports: readonly number[], start: (port: number) => Promise<WebServer>): Promise<WebServer> {
  for (const port of ports.slice(0, -1)) {
    try {
      return await start(port);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    }
  }
  return start(ports[ports.length - 1]!);
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw usageError(`--port must be a number from 0 to 65535, got ${JSON.stringify(text)}`);
  return Number(text);
}
