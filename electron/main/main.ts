// Electron entry (bundled by scripts/build-electron.mjs to out/electron/main.js). Wiring only: the
// backend is the same Session + handler map the web server runs; see ipc.ts, protocol.ts, window.ts.
import path from 'node:path';
import { app, dialog, session as electronSession } from 'electron';
import type { BrowserWindow } from 'electron';
import type { Handlers } from '../../shared/contract/api.ts';
import { defaultConfigFile } from '../core/config/config-path.ts';
import { loadPrefs } from '../core/config/prefs-file.ts';
import { clearRecentFolders, loadRecentFolders, rememberRecentFolder } from '../core/config/recent-folders.ts';
import { createHandlers, sessionFreeHandlers, type HandlerOptions } from '../core/handlers/index.ts';
import { Session } from '../core/session/session.ts';
import { installCloseGuard } from './close-guard.ts';
import { registerIpc } from './ipc.ts';
import { PRELOAD_BUNDLE, RENDERER_OUT_DIR, SAMPLE_DIR } from './layout.ts';
import { installMenu } from './menu.ts';
import { handleAppScheme, handleDatasetScheme, registerSchemes } from './protocol.ts';
import { ensureSampleCopy, folderFromArgs, readState, startCandidates, writeState } from './state.ts';
import { createMainWindow, hardenSession, hardenWebContents } from './window.ts';

const appPath = app.getAppPath();
const preloadPath = path.join(appPath, PRELOAD_BUNDLE);
// `npm start` points this at the web mode's renderer build; a package carries its own.
const rendererDir = (!app.isPackaged && process.env.TAGSMITH_RENDERER_DIR) || path.join(appPath, RENDERER_OUT_DIR);
const bundledSample = path.join(app.isPackaged ? process.resourcesPath : appPath, SAMPLE_DIR);
/** argv holds the executable, and in development also the app folder, before the user's arguments. */
const userArgs = (argv: readonly string[]): string[] => argv.slice(app.isPackaged ? 1 : 2);

let session: Session | null = null;
/** The start's folder being opened; null once it failed. Menu actions made meanwhile wait for it. */
let opened: Promise<Session | null> = Promise.resolve(null);
let mainWindow: BrowserWindow | null = null;

registerSchemes();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'unknown error';
const stateFile = (): string => path.join(app.getPath('userData'), 'state.json');

const menuActions = {
  openFolder: () => void chooseFolder(),
  openRecent: (folder: string) => void switchTo(folder),
  clearRecent: () => void clearRecentFolders(defaultConfigFile()).then(refreshMenu),
};

/** Rebuilds the menu with the recent folders as the per-user config file holds them now. */
async function refreshMenu(): Promise<void> {
  installMenu(menuActions, await loadRecentFolders(defaultConfigFile()));
}

function remember(folder: string): void {
  try {
    writeState(stateFile(), { ...readState(stateFile()), lastFolder: folder });
  } catch {
    // Only the next start's convenience is lost.
  }
  // The recent list lives in the per-user config file (shared with `tagsmith serve`); a file the user
  // broke by hand refuses the update, and the list simply stays as it was.
  void rememberRecentFolder(defaultConfigFile(), folder).then(refreshMenu);
}

const closeGuard = installCloseGuard({ window: () => mainWindow });

/** How many thumbnails the grid showed at once last time (made ahead when a folder opens). */
const gridInView = async (): Promise<number> => (await loadPrefs(defaultConfigFile())).prefs.editor.gridInView;

/** The command line's folder, else the last one, else the user's copy of the sample. */
async function openAtStart(): Promise<Session> {
  const candidates = startCandidates({
    fromArgs: folderFromArgs(userArgs(process.argv), process.cwd()),
    state: readState(stateFile()),
    sample: bundledSample,
  });
  const failures: string[] = [];
  for (const { folder, source } of candidates) {
    try {
      const target = source === 'sample' ? ensureSampleCopy(folder, app.getPath('userData')) : folder;
      const opened = await Session.open({ root: target, editing: { screenful: gridInView } });
      if (source === 'command line') remember(opened.root);
      if (failures.length > 0) dialog.showErrorBox('Tagsmith', failures.join('\n'));
      return opened;
    } catch (e) {
      failures.push(`Could not open the ${source} folder ${folder}: ${message(e)}`);
    }
  }
  throw new Error(failures.join('\n'));
}

function showWindow(): BrowserWindow {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return mainWindow;
  }
  mainWindow = createMainWindow(preloadPath);
  closeGuard.guardWindow(mainWindow);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  return mainWindow;
}

/**
 * Switches the session to another folder, then reloads the page: the renderer starts from
 * `dataset.snapshot`, so a reload hands it the new folder's images, settings and history together.
 */
async function switchTo(folder: string): Promise<void> {
  const current = session ?? (await opened);
  if (!current) return;
  const win = showWindow();
  // The reload below drops the page: its typing still waiting for autosave goes to disk first.
  if (!(await closeGuard.flush(win, 'switch'))) return;
  try {
    await current.reopen(folder);
  } catch (e) {
    await dialog.showMessageBox(win, { type: 'error', message: 'Could not open the folder', detail: `${folder}\n${message(e)}` });
    return;
  }
  remember(current.root);
  win.webContents.reload();
}

async function chooseFolder(): Promise<void> {
  const win = showWindow();
  const picked = await dialog.showOpenDialog(win, {
    title: 'Open dataset folder',
    properties: ['openDirectory'],
    ...(session ? { defaultPath: session.root } : {}),
  });
  const folder = picked.filePaths[0];
  if (!picked.canceled && folder) await switchTo(folder);
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(electronSession.defaultSession);
  handleAppScheme(rendererDir);
  handleDatasetScheme(() => session);
  // The window and its page load while the folder is read (a few tenths of a second each at 10,000
  // images, one after the other before): the page's first requests wait for the session instead.
  const opening = openAtStart();
  opened = opening.catch(() => null);
  // Preferences from the same core function `tagsmith serve` uses, not app.getPath('userData'), so
  // the desktop app and web mode share one file.
  const options: HandlerOptions = { allowOpen: true, configFile: defaultConfigFile(), exportRoot: null };
  // The per-user channels are answered while the folder is read: the page lays out its panes meanwhile.
  const now = sessionFreeHandlers(options, (message) => {
    opening.then((s) => s.emit('notice', { level: 'warning', message })).catch(() => undefined);
  });
  const handlers = opening.then((opened): Handlers => {
    const base = createHandlers(opened, options);
    // A folder opened from the page is remembered like one opened from the menu.
    return {
      ...base,
      'dataset.open': async (request) => {
        const snapshot = await base['dataset.open'](request);
        remember(opened.root);
        return snapshot;
      },
    };
  });
  // A failed open is reported below, once; requests made meanwhile fail with it.
  handlers.catch(() => undefined);
  registerIpc(handlers, opening, now);
  installMenu(menuActions);
  void refreshMenu();
  showWindow();
  try {
    session = await opening;
  } catch (e) {
    dialog.showErrorBox('Tagsmith could not start', message(e));
    app.exit(1);
    return;
  }

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const folder = folderFromArgs(userArgs(argv), workingDirectory);
    if (folder) void switchTo(folder);
    else showWindow();
  });
  app.on('activate', () => showWindow());
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Closing the session stops the watcher and the thumbnail workers before the process goes away;
// a close that hangs must not keep the app from quitting.
const CLOSE_GRACE_MS = 3000;
let closed = false;
app.on('will-quit', (event) => {
  if (closed || !session) return;
  event.preventDefault();
  const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
  void Promise.race([session.close(), grace])
    .catch(() => {})
    .finally(() => {
      closed = true;
      app.quit();
    });
});

if (app.requestSingleInstanceLock()) {
  void start();
} else {
  // Another Tagsmith is running; it got our argv through 'second-instance' and opens the folder.
  app.quit();
}
