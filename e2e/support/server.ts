import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDataset, type DatasetSpec } from './dataset.ts';

const TAGSMITH = fileURLToPath(new URL('../../bin/tagsmith', import.meta.url));

export interface Served {
  root: string;
  /** The per-user config folder this server reads and writes. */
  configDir: string;
  /** The URL printed by `tagsmith serve`, token included. */
  url: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

/** Each test gets its own temporary dataset and its own `tagsmith serve` process on 127.0.0.1. */
export async function serveDataset(spec: DatasetSpec = { count: 40, uncaptioned: 3 }): Promise<Served> {
  const root = await mkdtemp(join(tmpdir(), 'tagsmith-e2e-'));
  await makeDataset(root, spec);
  return serveFolder(root);
}

/**
 * Serves a folder the test filled itself; stop() removes it (`keep`: leaves it, for a restart). Each
 * server gets its own per-user config folder (TAGSMITH_CONFIG_DIR), so tests running side by side
 * never share preferences; pass `configDir` to use one across a restart (the caller removes it).
 * `env`: more environment for the server (a benchmark's own thumbnail cache, say). `port`: a fixed
 * port (default: any free one), for a browser that must see the same origin across restarts.
 */
export async function serveFolder(root: string, opts: { configDir?: string; keep?: boolean; env?: Record<string, string>; port?: number } = {}): Promise<Served> {
  const configDir = opts.configDir ?? (await mkdtemp(join(tmpdir(), 'tagsmith-e2e-config-')));
  const env = { ...process.env, ...opts.env, TAGSMITH_CONFIG_DIR: configDir };
  const child = spawn(TAGSMITH, ['serve', root, '--port', String(opts.port ?? 0)], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const url = await readyLine(child);
  // A server that dies mid-test says why in the test output instead of leaving only "Reconnecting…".
  let stderr = '';
  child.stderr!.on('data', (d: string) => (stderr += d));
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`tagsmith serve exited early (${signal ?? code}): ${stderr.trim()}\n`);
  });
  let stopping = false;
  const parsed = new URL(url);
  return {
    root,
    configDir,
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    async stop() {
      stopping = true;
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      if (opts.keep) return;
      await rm(root, { recursive: true, force: true });
      if (!opts.configDir) await rm(configDir, { recursive: true, force: true });
    },
  };
}

function readyLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /^Tagsmith: serving .* at (http:\/\/\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.once('exit', (code) => reject(new Error(`tagsmith serve exited with ${code}: ${err.trim()}`)));
    setTimeout(() => reject(new Error(`tagsmith serve printed no URL in time: ${err.trim()}`)), 60_000);
  });
}
