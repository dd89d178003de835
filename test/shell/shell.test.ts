import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IPC_FLUSH, IPC_FLUSHED, IPC_INVOKE } from '../../shared/contract/bridge.ts';
import { channels } from '../../shared/contract/channels.ts';
import { electronMediaUrl } from '../../shared/contract/urls.ts';
import { REFUSED_MEDIA, SERVED_MEDIA, makeDatasetTree } from '../../electron/main/testing/dataset-cases.ts';
import { appFrame, type FakeFrame } from './fake-electron.ts';
import { cleanHarness, launchShell, waitFor, type ShellRun } from './load-shell.ts';

// The built main-process bundle, run with the stand-in electron module: what the shell asks of
// Electron, and what it does when driven like a user would (menus, dialogs, quitting).

let base: string;
let root: string;
let other: string;
let rendererDir: string;
let run: ShellRun;

const userData = (): string => path.join(base, 'userData');
const configDir = (): string => path.join(base, 'config');
const configFile = (): string => path.join(configDir(), 'config.json');
const start = (args: string[] = [root]): Promise<ShellRun> => launchShell({ args, userData: userData(), configDir: configDir(), rendererDir });

beforeAll(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-shell-')));
  root = makeDatasetTree(base);
  other = path.join(base, 'other');
  fs.mkdirSync(other);
  fs.writeFileSync(path.join(other, 'z.png'), 'x');
  rendererDir = path.join(base, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
});
afterAll(() => {
  cleanHarness();
  fs.rmSync(base, { recursive: true, force: true });
});

beforeEach(async () => {
  fs.rmSync(configDir(), { recursive: true, force: true });
  fs.rmSync(userData(), { recursive: true, force: true });
  fs.rmSync(path.join(root, 'a.txt'), { force: true });
  run = await start();
  run.answerFlushes(() => ({ unsaved: 0 }));
});
afterEach(() => run.dispose());

const snapshotRoot = async (): Promise<string> => {
  const res = (await run.invoke('dataset.snapshot', {})) as { ok: boolean; value: { info: { root: string } } };
  expect(res.ok).toBe(true);
  return res.value.info.root;
};

describe('the window', () => {
  it('is isolated, sandboxed, without Node or webviews, with the built preload, showing the app page', () => {
    const win = run.window();
    expect(run.electron.windows()).toHaveLength(1);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      preload: run.preloadPath,
    });
    expect(fs.existsSync(run.preloadPath)).toBe(true);
    expect((win.options.webPreferences as Record<string, unknown>).webSecurity).not.toBe(false);
    expect(win.webContents.getURL()).toBe('tagsmith://app/index.html');
  });

  it("registers both schemes as privileged before ready, neither with CORS, the app's with V8's code cache", () => {
    expect(run.electron.protocol.privileged.map((s) => s.scheme).sort()).toEqual(['dataset', 'tagsmith']);
    for (const s of run.electron.protocol.privileged) {
      expect(s.privileges).toMatchObject({ standard: true, secure: true });
      expect(s.privileges.corsEnabled).toBeUndefined();
    }
    expect(run.electron.protocol.privileged.find((s) => s.scheme === 'tagsmith')?.privileges).toMatchObject({ codeCache: true });
  });

  it('keeps the page in the app: no navigation away, no new windows, only http(s) links to the OS browser', () => {
    const contents = run.window().webContents;
    expect(contents.tryNavigate('will-navigate', 'https://evil.example/')).toBe(false);
    expect(contents.tryNavigate('will-redirect', 'file:///etc/passwd')).toBe(false);
    expect(contents.tryNavigate('will-frame-navigate', 'tagsmith://app/index.html')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(run.electron.shell.opened).toEqual(['https://example.com/docs']);
  });

  it('refuses permissions, except plain-text clipboard writes from the app page', () => {
    const ses = run.electron.session.defaultSession;
    const appPage = { getURL: () => 'tagsmith://app/index.html' };
    const answers: boolean[] = [];
    ses.permissionRequestHandler?.(appPage, 'media', (granted) => answers.push(granted));
    ses.permissionRequestHandler?.(appPage, 'clipboard-sanitized-write', (granted) => answers.push(granted));
    ses.permissionRequestHandler?.({ getURL: () => 'https://evil.example/' }, 'clipboard-sanitized-write', (granted) => answers.push(granted));
    expect(answers).toEqual([false, true, false]);
    expect(ses.permissionCheckHandler?.(appPage, 'geolocation', 'tagsmith://app')).toBe(false);
    expect(ses.devicePermissionHandler?.({})).toBe(false);
  });
});

describe('the app scheme', () => {
  it('serves the renderer build with the CSP on every response', async () => {
    for (const url of ['tagsmith://app/index.html', 'tagsmith://app/assets/app.js']) {
      const res = await run.electron.protocol.fetch(url);
      expect(res.status, url).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("img-src 'self' dataset: data: blob:");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    }
  });

  it('sets the CSP on the responses it makes, rewriting no other response headers', () => {
    expect(run.electron.session.defaultSession.headerListeners).toEqual([]);
  });

  it('serves nothing outside the build or from another host', async () => {
    // <base>/secret.png sits beside the renderer build.
    expect((await run.electron.protocol.fetch('tagsmith://app/%2e%2e/secret.png')).status).toBe(404);
    expect((await run.electron.protocol.fetch('tagsmith://app/..%2fsecret.png')).status).toBe(404);
    expect((await run.electron.protocol.fetch('tagsmith://evil/index.html')).status).toBe(404);
    expect((await run.electron.protocol.fetch('tagsmith://app/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('IPC', () => {
  const foreign: [string, FakeFrame | null][] = [
    ['a web page', { url: 'https://evil.example/', parent: null }],
    ['an iframe inside the app', { url: 'tagsmith://app/index.html', parent: appFrame() }],
    ['a file: page', { url: 'file:///tmp/x.html', parent: null }],
    ['a look-alike host', { url: 'tagsmith://app.evil/index.html', parent: null }],
    ['no frame (it navigated away)', null],
  ];

  it('registers one invoke handler, once, and every contract channel reaches the dispatcher through it', async () => {
    expect(run.electron.ipcMain.handleCalls).toEqual([IPC_INVOKE]);
    // The one other IPC message main listens for: the page's answer to a flush request.
    expect(run.electron.ipcMain.eventNames()).toEqual([IPC_FLUSHED]);
    expect(run.electron.ipcMain.listenerCount(IPC_FLUSHED)).toBe(1);
    for (const channel of Object.keys(channels)) {
      // A number is no channel's request: the contract's schema refuses it before any handler runs.
      const res = await run.invoke(channel, 42);
      expect(res, channel).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
      expect((res as { error: { message: string } }).error.message.startsWith(`${channel}:`), channel).toBe(true);
    }
    expect(await run.invoke('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { kind: 'unknown-channel' } });
    expect(await run.invoke('dataset.snapshot', {})).toMatchObject({ ok: true });
  });

  it.each(foreign)('refuses every channel from %s, before any handler runs', async (_what, frame) => {
    for (const channel of Object.keys(channels)) {
      expect(await run.invoke(channel, {}, frame), channel).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
    expect(await run.invoke('caption.save', { id: 'a.png', before: null, after: 'owned' }, frame)).toMatchObject({ ok: false });
    expect(fs.existsSync(path.join(root, 'a.txt'))).toBe(false);
  });
});

describe('starting', () => {
  it("shows the window while the folder is read; the page's first request waits for the folder", async () => {
    await run.dispose();
    const big = path.join(base, 'big');
    fs.mkdirSync(big, { recursive: true });
    for (let i = 0; i < 4000; i++) {
      fs.writeFileSync(path.join(big, `img_${i}.png`), 'x');
      fs.writeFileSync(path.join(big, `img_${i}.txt`), `tag ${i}`);
    }
    run = await launchShell({ args: [big], userData: userData(), configDir: configDir(), rendererDir, untilOpen: false });
    run.answerFlushes(() => ({ unsaved: 0 }));
    // The window is up before the folder is open: none of its images is served yet.
    expect(run.window().webContents.getURL()).toBe('tagsmith://app/index.html');
    expect((await run.electron.protocol.fetch(electronMediaUrl('img_0.png'))).status).toBe(404);
    const res = (await run.invoke('dataset.snapshot', {})) as { ok: boolean; value: { info: { root: string }; images: unknown[] } };
    expect(res.ok).toBe(true);
    expect(res.value.info.root).toBe(big);
    expect(res.value.images).toHaveLength(4000);
    expect((await run.electron.protocol.fetch(electronMediaUrl('img_0.png'))).status).toBe(200);
  });
});

describe('the dataset scheme', () => {
  it.each(SERVED_MEDIA)('serves %s from the open dataset', async (id, file, type) => {
    const res = await run.electron.protocol.fetch(electronMediaUrl(id));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(root, file)))).toBe(true);
  });

  it.each(REFUSED_MEDIA)('refuses %s', async (url, statuses) => {
    const res = await run.electron.protocol.fetch(url);
    expect(statuses).toContain(res.status);
    expect(await res.text()).toBe('');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await run.electron.protocol.fetch(electronMediaUrl('a.png'), { method: 'HEAD' })).status).toBe(200);
    expect((await run.electron.protocol.fetch(electronMediaUrl('a.png'), { method: 'DELETE' })).status).toBe(405);
  });
});

describe('opening folders', () => {
  const recentItems = () => run.electron.menuItem('&File', 'Open Recent').submenu ?? [];
  const savedRecent = (): unknown => (JSON.parse(fs.readFileSync(configFile(), 'utf8')) as { recent?: { folders?: unknown } }).recent?.folders;

  it('opens the folder chosen in File > Open Folder…, reloads the page on it, and remembers it first', async () => {
    expect(await snapshotRoot()).toBe(root);
    run.electron.dialog.nextOpen.push({ canceled: false, filePaths: [other] });
    run.electron.menuItem('&File', 'Open Folder…').click?.();
    await waitFor(() => run.window().webContents.reloads === 1, 'the page reload');
    expect(run.electron.dialog.openDialogs[0]).toMatchObject({ properties: ['openDirectory'], defaultPath: root });
    expect(await snapshotRoot()).toBe(other);
    // The page's pending edits were saved before the reload dropped it.
    expect(run.window().webContents.sent.filter(([c]) => c === IPC_FLUSH)).toHaveLength(1);
    await waitFor(() => recentItems()[0]?.label === other, 'the recent menu');
    expect(savedRecent()).toEqual([other, root]);
    expect(recentItems().map((i) => i.label ?? i.type)).toEqual([other, root, 'separator', 'Clear Recent Folders']);
  });

  it('does nothing when the dialog is cancelled', async () => {
    run.electron.menuItem('&File', 'Open Folder…').click?.();
    await waitFor(() => run.electron.dialog.openDialogs.length === 1, 'the dialog');
    await new Promise((r) => setTimeout(r, 50));
    expect(run.window().webContents.reloads).toBe(0);
    expect(await snapshotRoot()).toBe(root);
  });

  it('opens a recent folder from the menu, moving it to the top without a duplicate, across restarts', async () => {
    await waitFor(() => recentItems()[0]?.label === root, 'the recent menu');
    run.electron.dialog.nextOpen.push({ canceled: false, filePaths: [other] });
    run.electron.menuItem('&File', 'Open Folder…').click?.();
    await waitFor(() => recentItems()[0]?.label === other, 'other on top');

    recentItems().find((i) => i.label === root)!.click?.();
    await waitFor(() => recentItems()[0]?.label === root, 'root back on top');
    expect(await snapshotRoot()).toBe(root);
    expect(savedRecent()).toEqual([root, other]);

    // The list lives in the per-user config file: the next start shows it, a vanished folder greyed out.
    await run.dispose();
    fs.renameSync(other, `${other}-gone`);
    try {
      run = await start();
      await waitFor(() => recentItems().length === 4, 'the recent menu after a restart');
      expect(recentItems()[0]).toMatchObject({ label: root });
      expect(recentItems()[1]).toMatchObject({ label: `${other} (not found)`, enabled: false });
      expect(recentItems()[1]!.click).toBeUndefined();

      run.electron.menuItem('&File', 'Open Recent', 'Clear Recent Folders').click?.();
      await waitFor(() => recentItems()[0]?.label === 'No Recent Folders', 'the cleared menu');
      expect(savedRecent()).toEqual([]);
    } finally {
      fs.renameSync(`${other}-gone`, other);
    }
  });

  it('asks before a switch drops edits the page could not save, and stays on Cancel', async () => {
    run.answerFlushes(() => ({ unsaved: 1 }));
    run.electron.dialog.nextOpen.push({ canceled: false, filePaths: [other] });
    run.electron.menuItem('&File', 'Open Folder…').click?.();
    await waitFor(() => run.electron.dialog.messageBoxes.length === 1, 'the question');
    expect(run.electron.dialog.messageBoxes[0]).toMatchObject({ message: '1 caption edit could not be saved', buttons: ['Switch Anyway', 'Cancel'] });
    await new Promise((r) => setTimeout(r, 50));
    expect(await snapshotRoot()).toBe(root);
    expect(run.window().webContents.reloads).toBe(0);
  });

  it('tells the user when a chosen folder cannot be opened, and stays on the open one', async () => {
    const file = path.join(base, 'not-a-folder.png');
    fs.writeFileSync(file, 'x');
    run.electron.dialog.nextOpen.push({ canceled: false, filePaths: [file] });
    run.electron.menuItem('&File', 'Open Folder…').click?.();
    await waitFor(() => run.electron.dialog.messageBoxes.length === 1, 'the error box');
    expect(run.electron.dialog.messageBoxes[0]).toMatchObject({ type: 'error', message: 'Could not open the folder' });
    expect(await snapshotRoot()).toBe(root);
    expect(run.window().webContents.reloads).toBe(0);
  });
});

describe('quitting', () => {
  const captionFile = (): string => path.join(root, 'a.txt');

  it('asks the page to save its pending edits and quits only after they are on disk', async () => {
    let onDiskAtClose: string | null = 'window never closed';
    run.window().on('closed', () => {
      onDiskAtClose = fs.existsSync(captionFile()) ? fs.readFileSync(captionFile(), 'utf8') : null;
    });
    // The page saves the typing still waiting for its autosave pause (as renderer/src/api/quit-flush.ts does).
    run.answerFlushes(async () => {
      await new Promise((r) => setTimeout(r, 100));
      const saved = await run.invoke('caption.save', { id: 'a.png', before: null, after: 'ohwx, kneeling, low angle' });
      expect(saved).toMatchObject({ ok: true });
      return { unsaved: 0 };
    });
    run.electron.app.quit();
    expect(run.electron.app.quitted).toBe(false);
    expect(run.window().isDestroyed()).toBe(false);
    await waitFor(() => run.electron.app.quitted, 'the quit');
    expect(onDiskAtClose).toBe('ohwx, kneeling, low angle');
    expect(run.electron.dialog.messageBoxes).toEqual([]);
  });

  it('asks before dropping edits the page could not save, and stays open on Cancel', async () => {
    run.answerFlushes(() => ({ unsaved: 2 }));
    run.electron.dialog.nextMessageBox.push(1);
    run.electron.app.quit();
    await waitFor(() => run.electron.dialog.messageBoxes.length === 1, 'the question');
    await new Promise((r) => setTimeout(r, 50));
    expect(run.electron.dialog.messageBoxes[0]).toMatchObject({ type: 'warning', message: '2 caption edits could not be saved', buttons: ['Close Anyway', 'Cancel'] });
    expect(run.electron.app.quitted).toBe(false);
    expect(run.window().isDestroyed()).toBe(false);

    run.electron.dialog.nextMessageBox.push(0);
    run.electron.app.quit();
    await waitFor(() => run.electron.app.quitted, 'the quit');
  });

  it("the window's close button saves first too, and the quit that follows does not ask again", async () => {
    const win = run.window();
    expect(win.close()).toBe(false);
    await waitFor(() => run.electron.app.quitted, 'the quit after the last window closed');
    expect(win.isDestroyed()).toBe(true);
    expect(win.webContents.sent.filter(([c]) => c === IPC_FLUSH)).toHaveLength(1);
  });

  it('takes the answer only from the page it asked', async () => {
    run.answerFlushes(() => new Promise(() => {}));
    const contents = run.window().webContents;
    run.electron.app.quit();
    await waitFor(() => contents.sent.some(([c]) => c === IPC_FLUSH), 'the flush request');
    const seq = contents.sent.find(([c]) => c === IPC_FLUSH)![1];
    run.electron.ipcMain.deliver(contents, { url: 'https://evil.example/', parent: null }, IPC_FLUSHED, seq, { unsaved: 0 });
    run.electron.ipcMain.deliver(contents, { url: 'tagsmith://app/index.html', parent: appFrame() }, IPC_FLUSHED, seq, { unsaved: 0 });
    await new Promise((r) => setTimeout(r, 100));
    expect(run.electron.app.quitted).toBe(false);
    run.electron.ipcMain.deliver(contents, appFrame(), IPC_FLUSHED, seq, { unsaved: 0 });
    await waitFor(() => run.electron.app.quitted, 'the quit');
  });

  it('quits anyway when the page never answers, after the flush time limit', async () => {
    run.answerFlushes(() => new Promise(() => {}));
    const began = Date.now();
    run.electron.app.quit();
    await waitFor(() => run.electron.app.quitted, 'the quit', 15_000);
    expect(Date.now() - began).toBeGreaterThanOrEqual(4_900);
  }, 20_000);
});
