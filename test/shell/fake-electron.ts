import { EventEmitter } from 'node:events';

/*
 * A stand-in for the `electron` module, for running the built main-process bundle in plain Node
 * (the Electron binary cannot be downloaded here). It is a test double at the edge of the world:
 * it implements only what electron/main calls, the way Electron documents it, records every request
 * (windows, schemes, handlers, menus, dialogs) and lets a test drive the app (ready, invoke over IPC,
 * fetch through a protocol handler, click a menu item, quit). It is not a second app: no rendering,
 * no processes, no real native dialogs.
 *
 * Electron behaviour kept on purpose, because the shell depends on it:
 * - protocol.registerSchemesAsPrivileged only before 'ready'; protocol.handle only after it;
 * - ipcMain.handle throws on a second handler for the same channel;
 * - app.quit(): 'before-quit' (preventable), then each window's 'close' (preventable: cancels the
 *   quit), then 'will-quit' (preventable), then 'quit'; no 'window-all-closed' during a quit;
 * - closing the last window outside a quit emits 'window-all-closed';
 * - every new BrowserWindow's contents is announced with app 'web-contents-created'.
 */

/** A frame as event.senderFrame gives it: the bits the shell reads. */
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export const appFrame = (url = 'tagsmith://app/index.html'): FakeFrame => ({ url, parent: null });

class PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export interface FakeIpcEvent {
  sender: FakeWebContents;
  senderFrame: FakeFrame | null;
  frameId: number;
  processId: number;
}

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  /** Every webContents.send, in order: [channel, ...args]. */
  readonly sent: unknown[][] = [];
  reloads = 0;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  /** The page side: what a renderer would receive through ipcRenderer.on. Tests (or the page bridge) listen here. */
  readonly page = new EventEmitter();

  loadURL(url: string): Promise<void> {
    this.url = url;
    this.emit('did-start-loading');
    return Promise.resolve();
  }
  getURL(): string {
    return this.url;
  }
  reload(): void {
    this.reloads += 1;
    this.page.emit('reload');
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push([channel, ...args]);
    this.page.emit('message', channel, args);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits a navigation-style event and tells whether the shell prevented it. */
  tryNavigate(kind: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    const event = Object.assign(new PreventableEvent(), { url });
    this.emit(kind, event, url);
    return !event.defaultPrevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly windows: FakeBrowserWindow[] = [];
  static electron: FakeElectron;
  static getAllWindows(): FakeBrowserWindow[] {
    return this.windows.filter((w) => !w.destroyed);
  }
  static fromWebContents(contents: FakeWebContents): FakeBrowserWindow | null {
    return this.windows.find((w) => w.webContents === contents) ?? null;
  }
  /** The run this window class belongs to (each run makes its own subclass). */
  private get run(): typeof FakeBrowserWindow {
    return this.constructor as typeof FakeBrowserWindow;
  }

  readonly webContents = new FakeWebContents();
  destroyed = false;
  visible = false;
  minimized = false;
  focused = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    this.run.windows.push(this);
    this.run.electron.app.emit('web-contents-created', new PreventableEvent(), this.webContents);
  }
  loadURL(url: string): Promise<void> {
    const loading = this.webContents.loadURL(url);
    // Electron shows a `show: false` window once its first paint is ready.
    queueMicrotask(() => this.emit('ready-to-show'));
    return loading;
  }
  /** Like the user's close button or win.close(): 'close' may be prevented. Returns whether it closed. */
  close(): boolean {
    if (this.destroyed) return true;
    const event = new PreventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    const app = this.run.electron.app;
    if (this.run.getAllWindows().length === 0 && !app.quitting) app.emit('window-all-closed', new PreventableEvent());
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  show(): void {
    this.visible = true;
  }
}

class FakeApp extends EventEmitter {
  ready = false;
  quitting = false;
  /** Set once 'quit' was emitted: the process would end here. */
  quitted = false;
  exitCode: number | null = null;
  readonly isPackaged = false;
  private readyPromise: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly electron: FakeElectron,
    private readonly paths: { appPath: string; userData: string },
  ) {
    super();
    this.readyPromise = new Promise((resolve) => (this.markReady = resolve));
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  getAppPath(): string {
    return this.paths.appPath;
  }
  getPath(name: string): string {
    if (name === 'userData') return this.paths.userData;
    throw new Error(`fake app.getPath: ${name} is not used by the shell`);
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  exit(code = 0): void {
    this.exitCode = code;
    this.quitted = true;
  }
  /** Test side: the launch finished. */
  emitReady(): void {
    this.ready = true;
    this.emit('ready', new PreventableEvent(), {});
    this.markReady();
  }
  quit(): void {
    if (this.quitting || this.quitted) return;
    const before = new PreventableEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.quitting = true;
    for (const win of this.electron.BrowserWindow.getAllWindows()) {
      if (!win.close()) {
        // A window that refuses to close cancels the quit, as in Electron.
        this.quitting = false;
        return;
      }
    }
    const willQuit = new PreventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.quitted = true;
    this.emit('quit', new PreventableEvent(), 0);
  }
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/**
 * Chromium hands a protocol handler any URL the page asked for, user info included; Node's Request
 * refuses to hold one, so such a URL arrives as a Request-shaped object with the same url and method.
 */
function toRequest(url: string, init?: RequestInit): Request {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return new Request(url, init);
  return { url: parsed.href, method: init?.method ?? 'GET', headers: new Headers(init?.headers) } as unknown as Request;
}

class FakeProtocol {
  readonly privileged: { scheme: string; privileges: Record<string, boolean> }[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  constructor(private readonly app: FakeApp) {}
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void {
    if (this.app.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!this.app.ready) throw new Error('protocol.handle can only be used after app is ready');
    if (this.handlers.has(scheme)) throw new Error(`The scheme has been handled: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
  /** Test side: what the page would get for `url` (Chromium hands the handler a Request). */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`no handler for ${scheme}:`);
    return handler(toRequest(url, init));
  }
}

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: FakeIpcEvent, ...args: unknown[]) => unknown>();
  /** Every handle() call, including any that threw: "registered exactly once" is checked on this. */
  readonly handleCalls: string[] = [];
  handle(channel: string, fn: (event: FakeIpcEvent, ...args: unknown[]) => unknown): void {
    this.handleCalls.push(channel);
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test / page side: ipcRenderer.invoke from `frame` of `sender`. Rejects like Electron when the handler throws. */
  async invoke(sender: FakeWebContents, frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    try {
      return await fn(this.event(sender, frame), ...args);
    } catch (e) {
      throw new Error(`Error invoking remote method '${channel}': ${String(e)}`);
    }
  }
  /** Test / page side: ipcRenderer.send. */
  deliver(sender: FakeWebContents, frame: FakeFrame | null, channel: string, ...args: unknown[]): void {
    this.emit(channel, this.event(sender, frame), ...args);
  }
  private event(sender: FakeWebContents, frame: FakeFrame | null): FakeIpcEvent {
    return { sender, senderFrame: frame, frameId: 1, processId: 1 };
  }
}

/** A menu keeps its template: tests find items by label and click them. */
export interface FakeMenuItem {
  label?: string;
  role?: string;
  type?: string;
  enabled?: boolean;
  accelerator?: string;
  click?: () => void;
  submenu?: FakeMenuItem[];
}

class FakeMenu {
  static electron: FakeElectron;
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
    return new FakeMenu(template);
  }
  static setApplicationMenu(menu: FakeMenu | null): void {
    this.electron.applicationMenu = menu;
  }
}

type OpenDialogResult = { canceled: boolean; filePaths: string[] };

class FakeDialog {
  readonly openDialogs: Record<string, unknown>[] = [];
  readonly messageBoxes: Record<string, unknown>[] = [];
  readonly errorBoxes: [string, string][] = [];
  /** What the next showOpenDialog answers (the user's choice); default: cancelled. */
  nextOpen: OpenDialogResult[] = [];
  /** The button index the next showMessageBox answers; default: cancelId. */
  nextMessageBox: number[] = [];

  showOpenDialog(_win: unknown, options: Record<string, unknown>): Promise<OpenDialogResult> {
    this.openDialogs.push(options);
    return Promise.resolve(this.nextOpen.shift() ?? { canceled: true, filePaths: [] });
  }
  showMessageBox(_win: unknown, options: Record<string, unknown>): Promise<{ response: number; checkboxChecked: boolean }> {
    this.messageBoxes.push(options);
    const response = this.nextMessageBox.shift() ?? (typeof options.cancelId === 'number' ? options.cancelId : 0);
    return Promise.resolve({ response, checkboxChecked: false });
  }
  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push([title, content]);
  }
}

class FakeSession {
  readonly headerListeners: unknown[] = [];
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((contents: unknown, permission: string, origin: string) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: unknown): void => {
      this.headerListeners.push(listener);
    },
  };
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }
}

/** One stand-in `electron` module instance: one app run. */
export class FakeElectron {
  readonly app: FakeApp;
  readonly protocol: FakeProtocol;
  readonly ipcMain = new FakeIpcMain();
  readonly dialog = new FakeDialog();
  readonly session = { defaultSession: new FakeSession() };
  readonly shell = {
    opened: [] as string[],
    openExternal: (url: string): Promise<void> => {
      this.shell.opened.push(url);
      return Promise.resolve();
    },
  };
  readonly nativeTheme = { shouldUseDarkColors: false };
  readonly BrowserWindow: typeof FakeBrowserWindow;
  readonly Menu: typeof FakeMenu;
  applicationMenu: FakeMenu | null = null;

  constructor(paths: { appPath: string; userData: string }) {
    this.app = new FakeApp(this, paths);
    this.protocol = new FakeProtocol(this.app);
    // Each run gets its own classes, so windows and menus of an earlier run never leak in.
    this.BrowserWindow = class extends FakeBrowserWindow {};
    Object.defineProperty(this.BrowserWindow, 'windows', { value: [] });
    this.BrowserWindow.electron = this;
    this.Menu = class extends FakeMenu {};
    this.Menu.electron = this;
  }

  /** The module object `import ... from 'electron'` sees. */
  exports(): Record<string, unknown> {
    return {
      app: this.app,
      BrowserWindow: this.BrowserWindow,
      protocol: this.protocol,
      ipcMain: this.ipcMain,
      dialog: this.dialog,
      session: this.session,
      shell: this.shell,
      nativeTheme: this.nativeTheme,
      Menu: this.Menu,
    };
  }

  windows(): FakeBrowserWindow[] {
    return this.BrowserWindow.getAllWindows();
  }

  /** A menu item by its path of labels, e.g. ['&File', 'Open Recent']. */
  menuItem(...labels: string[]): FakeMenuItem {
    let items = this.applicationMenu?.items ?? [];
    let found: FakeMenuItem | undefined;
    for (const label of labels) {
      found = items.find((i) => i.label === label);
      if (!found) throw new Error(`no menu item ${labels.join(' > ')} (at ${label}: ${items.map((i) => i.label ?? i.role ?? i.type).join(', ')})`);
      items = found.submenu ?? [];
    }
    return found!;
  }
}
