import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_FLUSH, IPC_FLUSHED, IPC_INVOKE, type FlushReport } from '../../shared/contract/bridge.ts';
import { ELECTRON_OUT_DIR } from '../../electron/main/layout.ts';
// @ts-expect-error plain .mjs build script without type declarations
import { buildElectron } from '../../scripts/build-electron.mjs';
import { FakeElectron, appFrame, type FakeBrowserWindow, type FakeFrame } from './fake-electron.ts';

/*
 * Runs the BUILT main-process bundle (what `npm run build:electron` writes and a package ships) in
 * this Node process, with the stand-in `electron` module (fake-electron.ts).
 *
 * How `electron` is swapped: the bundle is an ES module that imports 'electron' as a bare package
 * name, so Node looks for node_modules/electron in each folder above the bundle. Each run copies the
 * bundle to <run>/out/electron/ and puts a tiny package at <run>/node_modules/electron whose module
 * re-exports this run's FakeElectron (handed over on globalThis). Every other package (sharp, onnxruntime-node)
 * resolves further up, from the repository's node_modules, exactly as in development. A fresh folder
 * per run gives a fresh module instance, so one test file can start the app several times.
 */

const HARNESS_DIR = path.resolve('node_modules/.cache/tagsmith', `shell-harness-${process.pid}`);
const RUNS_KEY = Symbol.for('tagsmith.test.fakeElectronRuns');
type Runs = Record<string, Record<string, unknown>>;

let built: Promise<string> | null = null;
/** One build per test process: the same esbuild call as `npm run build:electron`. */
function buildOnce(): Promise<string> {
  built ??= (async () => {
    const outDir = path.join(HARNESS_DIR, 'build');
    await buildElectron({ outDir });
    return outDir;
  })();
  return built;
}

const ELECTRON_EXPORTS = ['app', 'BrowserWindow', 'protocol', 'ipcMain', 'dialog', 'session', 'shell', 'nativeTheme', 'Menu'];

function writeElectronAlias(runDir: string, runId: string): void {
  const dir = path.join(runDir, 'node_modules', 'electron');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', type: 'module', main: 'index.js' }));
  fs.writeFileSync(
    path.join(dir, 'index.js'),
    [
      '// Test stand-in written by test/shell/load-shell.ts: this run\'s FakeElectron, handed over on globalThis.',
      `const fake = globalThis[Symbol.for('tagsmith.test.fakeElectronRuns')]?.[${JSON.stringify(runId)}];`,
      "if (!fake) throw new Error('the fake electron module was imported outside its test run');",
      `export const { ${ELECTRON_EXPORTS.join(', ')} } = fake;`,
      'export default fake;',
      '',
    ].join('\n'),
  );
}

export interface LaunchOptions {
  /** The user's command-line arguments (a dataset folder, say). */
  args?: string[];
  /** Electron's userData folder (state.json, the sample copy). */
  userData: string;
  /** TAGSMITH_CONFIG_DIR: the per-user config file (preferences, recent folders). */
  configDir: string;
  /** The renderer build the app scheme serves. */
  rendererDir: string;
  /** Return once the window is there, not once its first request is answered (default true: answered). */
  untilOpen?: boolean;
}

export interface ShellRun {
  electron: FakeElectron;
  /** The folder standing for the app folder: out/electron/{main.js,preload.cjs} inside. */
  appPath: string;
  preloadPath: string;
  /** The one main window (throws if there is none). */
  window(): FakeBrowserWindow;
  /** ipcRenderer.invoke('tagsmith:invoke', channel, request) from `frame` of the main window. */
  invoke(channel: string, request: unknown, frame?: FakeFrame | null): Promise<unknown>;
  /** Makes the page answer flush requests with `handler` (a stand-in for the renderer's quit-flush). */
  answerFlushes(handler: () => Promise<FlushReport> | FlushReport): void;
  /** Quits (answering a flush with nothing pending) and waits until the app is gone. */
  dispose(): Promise<void>;
}

let runCount = 0;

export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts the app: imports the bundle (its top level runs, as before Electron's 'ready'), then emits 'ready'. */
export async function launchShell(opts: LaunchOptions): Promise<ShellRun> {
  const buildDir = await buildOnce();
  const runId = `run-${++runCount}`;
  const runDir = path.join(HARNESS_DIR, runId);
  const outDir = path.join(runDir, ELECTRON_OUT_DIR);
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  fs.cpSync(buildDir, outDir, { recursive: true });
  writeElectronAlias(runDir, runId);

  const electron = new FakeElectron({ appPath: runDir, userData: opts.userData });
  const g = globalThis as unknown as Record<symbol, Runs | undefined>;
  (g[RUNS_KEY] ??= {})[runId] = electron.exports();

  // What Electron's process would see: argv [electron, app folder, ...user args], the env a user set.
  const savedArgv = process.argv;
  const savedEnv = { TAGSMITH_CONFIG_DIR: process.env.TAGSMITH_CONFIG_DIR, TAGSMITH_RENDERER_DIR: process.env.TAGSMITH_RENDERER_DIR };
  process.argv = [process.execPath, runDir, ...(opts.args ?? [])];
  process.env.TAGSMITH_CONFIG_DIR = opts.configDir;
  process.env.TAGSMITH_RENDERER_DIR = opts.rendererDir;
  try {
    await import(pathToFileURL(path.join(outDir, 'main.js')).href);
    electron.app.emitReady();
    await waitFor(() => electron.windows().length > 0 || electron.app.exitCode !== null, 'the main window');
    // The window shows while the folder is read: the launch is done once a page's first request
    // (which waits for the folder) is answered, or the app gave up.
    const win = electron.windows()[0];
    if (win && electron.app.exitCode === null && opts.untilOpen !== false) {
      await electron.ipcMain.invoke(win.webContents, appFrame(win.webContents.getURL()), IPC_INVOKE, 'dataset.snapshot', {}).catch(() => undefined);
    }
  } finally {
    process.argv = savedArgv;
  }

  const window = (): FakeBrowserWindow => {
    const win = electron.windows()[0];
    if (!win) throw new Error('no main window');
    return win;
  };
  let flushHandler: (() => Promise<FlushReport> | FlushReport) | null = null;
  const answered = new WeakSet<object>();
  const answerFlushes = (handler: () => Promise<FlushReport> | FlushReport): void => {
    flushHandler = handler;
    const contents = window().webContents;
    if (answered.has(contents)) return;
    answered.add(contents);
    contents.page.on('message', (channel: string, args: unknown[]) => {
      if (channel !== IPC_FLUSH || !flushHandler) return;
      void Promise.resolve(flushHandler()).then((report) => electron.ipcMain.deliver(contents, appFrame(contents.getURL()), IPC_FLUSHED, args[0], report));
    });
  };

  return {
    electron,
    appPath: runDir,
    preloadPath: path.join(outDir, 'preload.cjs'),
    window,
    invoke: (channel, request, frame = appFrame()) => electron.ipcMain.invoke(window().webContents, frame, IPC_INVOKE, channel, request),
    answerFlushes,
    async dispose() {
      if (!electron.app.quitted) {
        if (electron.windows().length > 0) answerFlushes(() => ({ unsaved: 0 }));
        electron.app.quit();
        await waitFor(() => electron.app.quitted, 'the app to quit');
      }
      delete g[RUNS_KEY]![runId];
      // The app reads both at run time (config file on every recent-list change): restore only once it is gone.
      for (const [key, value] of Object.entries(savedEnv)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** Removes every run's copy and the build; call from afterAll of a test file. */
export function cleanHarness(): void {
  fs.rmSync(HARNESS_DIR, { recursive: true, force: true });
  built = null;
}
