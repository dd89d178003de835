import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TAGSMITH, tagsmith } from '../../../test/helpers/cli.ts';
import { TINY_PNG } from '../../../test/helpers/dataset-fixture.ts';
import { connectEvents, rawRequest } from '../../web/testing/http-client.ts';
import { DEFAULT_PORT } from './serve.ts';

/*
 * `tagsmith serve` as a user runs it: a real process, one line on stdout, the API over HTTP with the
 * printed token, events over the WebSocket, a clean exit on SIGTERM. The renderer build is replaced
 * by a one-file directory (TAGSMITH_RENDERER_DIR) so this does not depend on the UI.
 */

let tmp: string;
let dataset: string;
let rendererDir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-serve-')));
  dataset = path.join(tmp, 'my dataset');
  rendererDir = path.join(tmp, 'ui');
  fs.mkdirSync(dataset);
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Tagsmith test UI</title>');
  fs.writeFileSync(path.join(dataset, 'img_001.png'), TINY_PNG);
  fs.writeFileSync(path.join(dataset, 'img_001.txt'), 'ohwx, 1girl, solo\n');
  fs.writeFileSync(path.join(dataset, 'img_002.png'), TINY_PNG);
});

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Running {
  child: ChildProcessWithoutNullStreams;
  line: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | string | null>;
}

/** `env` adds to (or, with undefined, removes from) the environment; preferences go to a temp folder by default. */
function serve(args: string[], cwd = tmp, env: Record<string, string | undefined> = {}): Promise<Running> {
  const merged: NodeJS.ProcessEnv = { ...process.env, TAGSMITH_RENDERER_DIR: rendererDir, TAGSMITH_CONFIG_DIR: path.join(tmp, 'config'), ...env };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  const child = spawn(TAGSMITH, ['serve', ...args], {
    cwd,
    env: merged,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // A death by signal shows as the signal's name, so a failure says what happened.
  const exited = new Promise<number | string | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no line in 30 s; stderr: ${stderr}`)), 30_000);
    child.stdout.on('data', (d: string) => {
      stdout += d;
      const nl = stdout.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ child, line: stdout.slice(0, nl), stdout: () => stdout, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready; stderr: ${stderr}`));
    });
  });
}

const LINE = /^Tagsmith: serving (.+) at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))$/;

// The exit promise names a death by signal. Seen on loaded CI boxes until the signal handlers were
// installed before the ready line (a signal sent on reading the line could beat its handler).
describe('tagsmith serve', () => {
  it('prints one line, serves the API and events, and exits 0 on SIGTERM', async () => {
    const run = await serve(['my dataset', '--port', '0']);
    const m = LINE.exec(run.line);
    expect(m, run.line).not.toBeNull();
    const [, dir, , portText, token] = m!;
    expect(dir).toBe(dataset);
    const port = Number(portText);
    const auth = { authorization: `Bearer ${token}` };

    const snapshot = await rawRequest(port, { method: 'POST', path: '/api/dataset.snapshot', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    expect(snapshot.status).toBe(200);
    const body = JSON.parse(snapshot.body.toString('utf8')) as { ok: boolean; value: { info: { root: string }; images: { id: string; caption: string | null }[] } };
    expect(body.ok).toBe(true);
    expect(body.value.info.root).toBe(dataset);
    expect(body.value.images.map((i) => [i.id, i.caption])).toEqual([
      ['img_001.png', 'ohwx, 1girl, solo\n'],
      ['img_002.png', null],
    ]);

    // The served UI is the directory we pointed it at, behind the token.
    expect((await rawRequest(port, { path: '/' })).status).toBe(401);
    const page = await rawRequest(port, { path: '/', headers: auth });
    expect(page.body.toString()).toContain('Tagsmith test UI');
    expect((await rawRequest(port, { path: '/media/img_001.png', headers: auth })).body.equals(TINY_PNG)).toBe(true);

    // Web mode is bound to its folder: dataset.open is refused.
    const open = await rawRequest(port, { method: 'POST', path: '/api/dataset.open', headers: auth, body: JSON.stringify({ path: tmp }) });
    expect(JSON.parse(open.body.toString('utf8'))).toMatchObject({ ok: false });

    const events = await connectEvents(port, auth);
    if (!events.ok) throw new Error(`upgrade refused: ${events.status}`);

    // An edit through the API reaches every client.
    const save = await rawRequest(port, {
      method: 'POST',
      path: '/api/caption.save',
      headers: auth,
      body: JSON.stringify({ id: 'img_002.png', before: null, after: 'ohwx, 1boy\n' }),
    });
    expect(JSON.parse(save.body.toString('utf8'))).toMatchObject({ ok: true });
    expect(fs.readFileSync(path.join(dataset, 'img_002.txt'), 'utf8')).toBe('ohwx, 1boy\n');
    const edited = await nextOf(events.next, 'images.changed');
    expect(edited).toMatchObject({ event: 'images.changed', payload: { source: 'edit', images: [{ id: 'img_002.png', caption: 'ohwx, 1boy\n' }] } });

    // So does an edit another program makes on disk (the watcher is on).
    fs.writeFileSync(path.join(dataset, 'img_001.txt'), 'ohwx, 1girl, kneeling\n');
    const outside = await nextOf(events.next, 'images.changed');
    expect(outside).toMatchObject({ payload: { source: 'external', images: [{ id: 'img_001.png', caption: 'ohwx, 1girl, kneeling\n' }] } });

    const closed = new Promise<void>((resolve) => events.ws.once('close', () => resolve()));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    await closed;
    expect(run.stdout()).toBe(`${run.line}\n`);
    await expect(rawRequest(port, { path: '/', headers: auth })).rejects.toThrow(/ECONNREFUSED/);
  });

  // The desktop app calls the same defaultConfigFile(); this proves serve really uses it.
  it.skipIf(process.platform === 'win32' || process.platform === 'darwin')(
    'keeps preferences in $XDG_CONFIG_HOME/tagsmith/config.json, or in TAGSMITH_CONFIG_DIR when set',
    async () => {
      const call = async (port: number, token: string, channel: string, body: unknown) => {
        const res = await rawRequest(port, { method: 'POST', path: `/api/${channel}`, headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
        return JSON.parse(res.body.toString('utf8')) as { ok: boolean; value: { editor: Record<string, unknown> } };
      };
      const xdg = path.join(tmp, 'xdg');
      let run = await serve([dataset, '--port', '0'], tmp, { TAGSMITH_CONFIG_DIR: undefined, XDG_CONFIG_HOME: xdg });
      let [, , , port, token] = LINE.exec(run.line)!;
      expect(await call(Number(port), token!, 'prefs.update', { patch: { viewMode: 'list' } })).toMatchObject({ ok: true, value: { editor: { viewMode: 'list' } } });
      const file = path.join(xdg, 'tagsmith', 'config.json');
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ version: 1, editor: { viewMode: 'list' } });
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);

      const portable = path.join(tmp, 'portable');
      run = await serve([dataset, '--port', '0'], tmp, { TAGSMITH_CONFIG_DIR: portable, XDG_CONFIG_HOME: xdg });
      [, , , port, token] = LINE.exec(run.line)!;
      expect(await call(Number(port), token!, 'prefs.get', {})).toMatchObject({ ok: true, value: { editor: { viewMode: 'grid' } } });
      await call(Number(port), token!, 'prefs.update', { patch: { thumbSize: 300 } });
      expect(JSON.parse(fs.readFileSync(path.join(portable, 'config.json'), 'utf8'))).toMatchObject({ editor: { thumbSize: 300 } });
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).editor.thumbSize).toBe(160);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    },
  );

  it('exits 0 on SIGINT too', async () => {
    const run = await serve([dataset, '--port', '0', '--no-open']);
    expect(run.line).toMatch(LINE);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('warns on stderr when bound beyond loopback', async () => {
    const run = await serve([dataset, '--port', '0', '--host', '0.0.0.0']);
    expect(run.line).toMatch(/^Tagsmith: serving .+ at http:\/\/0\.0\.0\.0:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    expect(run.stderr()).toMatch(/^tagsmith: warning: serving on 0\.0\.0\.0: .+\n$/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  // Issue 13: a token holder created ~/.bashrc.d/dataset.toml through export.run. The attack as it
  // was, through the real process and HTTP: a dataset in the home folder, so the default export root
  // (the dataset's parent) is the home folder.
  it.skipIf(process.platform === 'win32')('confines export.run to the export root: the dataset\'s parent, or --export-root', async () => {
    const home = path.join(tmp, 'home');
    const inHome = path.join(home, 'my dataset');
    fs.mkdirSync(home);
    fs.renameSync(dataset, inHome);
    const exportRun = async (port: string, token: string, to: string) => {
      const res = await rawRequest(Number(port), { method: 'POST', path: '/api/export.run', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ to, format: 'onetrainer' }) });
      expect(res.status).toBe(200);
      return JSON.parse(res.body.toString('utf8')) as { ok: boolean; error?: { kind: string; message: string } };
    };

    let run = await serve([inHome, '--port', '0'], tmp, { HOME: home });
    let [, , , port, token] = LINE.exec(run.line)!;
    expect(await exportRun(port!, token!, path.join(home, '.bashrc.d'))).toMatchObject({ ok: false, error: { kind: 'invalid-destination', message: expect.stringMatching(/hidden folder \.bashrc\.d/) } });
    expect(await exportRun(port!, token!, path.join(tmp, 'elsewhere'))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/leads outside the export folder/) } });
    expect(await exportRun(port!, token!, path.join(home, 'lora'))).toMatchObject({ ok: true });
    expect(fs.readdirSync(home).sort()).toEqual(['lora', 'my dataset']);
    expect(fs.existsSync(path.join(tmp, 'elsewhere'))).toBe(false);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    const exportsDir = path.join(tmp, 'exports');
    fs.mkdirSync(exportsDir);
    run = await serve([inHome, '--port', '0', '--export-root', 'exports'], tmp, { HOME: home });
    [, , , port, token] = LINE.exec(run.line)!;
    expect(await exportRun(port!, token!, path.join(exportsDir, 'run 1'))).toMatchObject({ ok: true });
    expect(await exportRun(port!, token!, path.join(home, 'lora2'))).toMatchObject({ ok: false, error: { message: expect.stringContaining(`leads outside the export folder ${exportsDir}`) } });
    expect(fs.readdirSync(exportsDir)).toEqual(['run 1']);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('refuses an --export-root that is missing or not a folder', async () => {
    const env = { TAGSMITH_RENDERER_DIR: rendererDir };
    const missing = await tagsmith(['serve', dataset, '--port', '0', '--export-root', path.join(tmp, 'nope')], { env });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`tagsmith: no such folder for --export-root: ${path.join(tmp, 'nope')}\n`);
    const file = path.join(dataset, 'img_001.txt');
    const notFolder = await tagsmith(['serve', dataset, '--port', '0', '--export-root', file], { env });
    expect(notFolder.code).toBe(1);
    expect(notFolder.stderr).toBe(`tagsmith: --export-root is not a folder: ${file}\n`);
  });

  it.each([
    [['--port', 'abc'], 2, /--port must be a number/],
    [['--port', '70000'], 2, /--port must be a number/],
  ])('refuses %j', async (flags, code, message) => {
    const r = await tagsmith(['serve', dataset, ...flags], { env: { TAGSMITH_RENDERER_DIR: rendererDir } });
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('fails in one line for a missing folder or a port in use', async () => {
    const missing = await tagsmith(['serve', path.join(tmp, 'nope'), '--port', '0'], { env: { TAGSMITH_RENDERER_DIR: rendererDir } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^tagsmith: no such folder: .+\n$/);

    const first = await serve([dataset, '--port', '0']);
    const port = LINE.exec(first.line)![3]!;
    const second = await tagsmith(['serve', dataset, '--port', port], { env: { TAGSMITH_RENDERER_DIR: rendererDir } });
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(`tagsmith: port ${port} is in use; pick another with --port, or --port 0 for any free one\n`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('untold, listens on the same port at every start (the browser keeps the page per origin), or the next free one', async () => {
    const blocker = net.createServer();
    const held = await new Promise<boolean>((resolve) => {
      blocker.once('error', () => resolve(false));
      blocker.listen(DEFAULT_PORT, '127.0.0.1', () => resolve(true));
    });
    // Taken (by us, or already by something else): the next port.
    const second = await serve([dataset]);
    const taken = Number(LINE.exec(second.line)![3]);
    expect(taken).toBeGreaterThan(DEFAULT_PORT);
    expect(taken).toBeLessThan(DEFAULT_PORT + 10);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    if (!held) return;
    await new Promise((resolve) => blocker.close(resolve));
    for (let i = 0; i < 2; i++) {
      const run = await serve([dataset]);
      expect(Number(LINE.exec(run.line)![3])).toBe(DEFAULT_PORT);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
  });
});

/** The next message of one event kind (history.changed and others may come in between). */
async function nextOf(next: () => Promise<unknown>, event: string): Promise<unknown> {
  for (;;) {
    const m = (await next()) as { event?: string };
    if (m.event === event) return m;
  }
}
