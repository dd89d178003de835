// The main window and the rules every web contents lives by: isolated, sandboxed, no Node, no
// navigation away from the app, no new windows, no permissions. Applied to every web contents the app
// ever creates (app 'web-contents-created'), not just the one window, so nothing slips past.
import { BrowserWindow, nativeTheme, shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { APP_ENTRY_URL, externalLink, isAppUrl } from './app-url.ts';

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: 'Tagsmith',
    show: false,
    // No white flash before the page paints in a dark theme.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1b1f' : '#ffffff',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

export function hardenWebContents(contents: WebContents): void {
  const stayInApp = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-frame-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link with target=_blank: http(s) goes to the OS browser, anything else nowhere.
    const link = externalLink(url);
    if (link) void shell.openExternal(link);
    return { action: 'deny' };
  });
}

/**
 * Every permission (camera, notifications, geolocation, ...) is refused, asked or merely checked.
 * The one exception is writing plain text to the clipboard from our own page ("copy caption").
 */
export function hardenSession(ses: Session): void {
  const allowed = (permission: string, origin: string | undefined): boolean => permission === 'clipboard-sanitized-write' && isAppUrl(origin);
  ses.setPermissionRequestHandler((contents, permission, callback) => callback(allowed(permission, contents.getURL())));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
}
