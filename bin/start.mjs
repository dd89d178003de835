// `npm start [-- <dataset folder>]`: the desktop app when the Electron binary is installed, else the
// same editor in the browser (web mode). Electron's own `require('electron')` downloads the binary
// when it is missing, so availability is decided from its path.txt first, without any network.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './load-ts.cjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** The Electron executable if it is installed (what `require('electron')` returns), else null. */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron'));
  } catch {
    return null;
  }
  let name = null;
  try {
    name = readFileSync(join(pkgDir, 'path.txt'), 'utf8');
  } catch {
    // No path.txt: the install script never fetched a binary.
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const expected = override ? join(override, name || 'electron') : name ? join(pkgDir, 'dist', name) : null;
  if (!expected || !existsSync(expected)) return null;
  const binary = require('electron');
  return typeof binary === 'string' && existsSync(binary) ? binary : null;
}

/**
 * `npm start -- <dir> [serve flags]`; npm drops the `--`, a direct `node bin/start.mjs -- <dir>` keeps
 * it. npm runs scripts in the package folder, so a relative <dir> is resolved where the user typed it.
 */
function parseArgs(argv) {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const given = args[0] !== undefined && !args[0].startsWith('-') ? args[0] : null;
  const dir = given === null ? null : resolve(process.env.INIT_CWD ?? process.cwd(), given);
  return { dir, rest: given === null ? args : args.slice(1) };
}

function onPath(command) {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const ext of exts) {
      const file = join(dir, command + ext);
      try {
        if (dir && statSync(file).isFile()) return file;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** Opens `url` in the user's browser when there is one to open; never fails, never on CI. */
function openBrowser(url) {
  if (process.env.CI) return;
  let command;
  let args;
  if (process.platform === 'darwin') {
    command = onPath('open');
    args = [url];
  } else if (process.platform === 'win32') {
    // `start` is built into cmd; the empty title keeps it from taking the URL as the window title.
    command = process.env.ComSpec ?? onPath('cmd');
    args = ['/d', '/s', '/c', `start "" "${url}"`];
  } else {
    // Without a display xdg-open falls back to a terminal browser, which would fight us for the tty.
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
    command = onPath('xdg-open');
    args = [url];
  }
  if (!command) return;
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: process.platform === 'win32' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser after all: the printed address is enough.
  }
}

/** Runs a child to the end, passing Ctrl+C / SIGTERM on, and exits with its status. */
function supervise(child) {
  const forward = (signal) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function startElectron(binary, dir) {
  const { ensureRendererBuild } = await importTs('electron/web/renderer-build.ts');
  const rendererDir = await ensureRendererBuild();
  const { buildElectron } = await import('../scripts/build-electron.mjs');
  await buildElectron();
  const args = [repoRoot, ...(dir ? [dir] : [])];
  supervise(spawn(binary, args, { stdio: 'inherit', env: { ...process.env, TAGSMITH_RENDERER_DIR: rendererDir } }));
}

function startWeb(dir, rest) {
  console.log('Tagsmith: the Electron binary is not installed; starting in web mode instead.');
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'tagsmith'), 'serve', dir ?? join(repoRoot, 'sample'), ...rest], {
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    process.stdout.write(chunk);
    if (buffered === null) return;
    buffered += chunk;
    const ready = /^Tagsmith: serving .* at (http:\/\/\S+)$/m.exec(buffered);
    if (ready) {
      buffered = null;
      openBrowser(ready[1]);
    }
  });
  supervise(child);
}

const { dir, rest } = parseArgs(process.argv.slice(2));
const binary = electronBinary();
if (binary) await startElectron(binary, dir);
else startWeb(dir, rest);
