import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { resolveTaggerModel } from './resolve.ts';
import type { DownloadProgress, ResolveOptions } from './resolve.ts';
import { startFakeHub } from '../../../test/fakes/hf-hub-server.ts';
import type { FakeHub } from '../../../test/fakes/hf-hub-server.ts';
import type { AppError, Result } from '../../../shared/result.ts';

const REPO = 'SmilingWolf/wd-vit-tagger-v3';
const COMMIT = 'a'.repeat(40);
const MODEL = randomBytes(200 * 1024);
const TAGS = 'tag_id,name,category,count\n9999999,general,9,807691\n470575,1girl,0,4225150\n';
const MODEL_SHA = createHash('sha256').update(MODEL).digest('hex');
const TAGS_OID = createHash('sha1').update(`blob ${Buffer.byteLength(TAGS)}\0${TAGS}`).digest('hex');

let hub: FakeHub;
let cache: string;
let repoDir: string;

beforeEach(async () => {
  hub = await startFakeHub({ [REPO]: { commit: COMMIT, files: { 'model.onnx': MODEL, 'selected_tags.csv': TAGS } } });
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-hub-'));
  repoDir = path.join(cache, 'models--SmilingWolf--wd-vit-tagger-v3');
});

afterEach(async () => {
  await hub.close();
  fs.rmSync(cache, { recursive: true, force: true });
});

const resolve = (opts: ResolveOptions = {}): Promise<Result<unknown, AppError>> =>
  resolveTaggerModel('wd-vit-tagger-v3', { hubCache: cache, hubUrl: hub.url, accessToken: undefined, ...opts });

function failure(r: Result<unknown, AppError>): AppError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

const finalModel = (): string => path.join(repoDir, 'snapshots', COMMIT, 'model.onnx');
const partialModel = (): string => path.join(repoDir, 'blobs', `${MODEL_SHA}.incomplete`);

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('downloading a tagger into the hub cache', () => {
  it('writes the hub cache layout and reports progress per file', async () => {
    const events: DownloadProgress[] = [];
    const r = await resolve({ onProgress: (p) => events.push(p) });
    const snapshot = path.join(repoDir, 'snapshots', COMMIT);
    expect(r).toEqual({ ok: true, value: { dir: snapshot, id: 'wd-vit-tagger-v3', source: 'downloaded' } });

    expect(fs.readFileSync(path.join(repoDir, 'refs', 'main'), 'utf8')).toBe(COMMIT);
    // Relative symlinks to blobs named by the hub's etags, as huggingface_hub lays them out.
    expect(fs.readlinkSync(finalModel())).toBe(path.join('..', '..', 'blobs', MODEL_SHA));
    expect(fs.readlinkSync(path.join(snapshot, 'selected_tags.csv'))).toBe(path.join('..', '..', 'blobs', TAGS_OID));
    expect(fs.readFileSync(finalModel()).equals(MODEL)).toBe(true);
    expect(fs.readFileSync(path.join(snapshot, 'selected_tags.csv'), 'utf8')).toBe(TAGS);
    expect(fs.readdirSync(path.join(repoDir, 'blobs')).sort()).toEqual([MODEL_SHA, TAGS_OID].sort());

    const model = events.filter((e) => e.file === 'model.onnx');
    expect(model[0]).toEqual({ file: 'model.onnx', bytes: 0, total: MODEL.length });
    expect(model.at(-1)).toEqual({ file: 'model.onnx', bytes: MODEL.length, total: MODEL.length });
    expect(model.length).toBeGreaterThan(2);
    expect(model.map((e) => e.bytes)).toEqual([...model.map((e) => e.bytes)].sort((a, b) => a - b));
    expect(events.filter((e) => e.file === 'selected_tags.csv').at(-1)).toEqual({
      file: 'selected_tags.csv', bytes: Buffer.byteLength(TAGS), total: Buffer.byteLength(TAGS),
    });
    // The small file first, so a broken repo fails before the long download.
    expect(events[0]?.file).toBe('selected_tags.csv');
    // The LFS file came through the CDN redirect, like the real hub's.
    expect(hub.downloads('model.onnx').map((q) => q.url)).toEqual([`/cdn-lfs/repos/${REPO}/${MODEL_SHA}`]);

    const before = hub.requests.length;
    expect(await resolve()).toEqual({ ok: true, value: { dir: snapshot, id: 'wd-vit-tagger-v3', source: 'hub-cache' } });
    expect(hub.requests.length).toBe(before);
  });

  it('resumes with a Range request when the body stops short', async () => {
    hub.faults.cut = { file: 'model.onnx', afterBytes: 70_000, mode: 'short' };
    const r = await resolve();
    expect(r.ok).toBe(true);
    expect(hub.downloads('model.onnx').map((q) => q.range)).toEqual([null, 'bytes=70000-']);
    expect(fs.readFileSync(finalModel()).equals(MODEL)).toBe(true);
    expect(fs.existsSync(partialModel())).toBe(false);
  });

  it('recovers when the connection is reset mid-body', async () => {
    hub.faults.cut = { file: 'model.onnx', afterBytes: 70_000, mode: 'reset' };
    expect((await resolve()).ok).toBe(true);
    // fetch drops chunks it had queued but not handed over when the socket dies, so the resume
    // point is wherever the disk got to: anything from 0 to what was sent.
    const ranges = hub.downloads('model.onnx').map((q) => q.range);
    expect(ranges).toHaveLength(2);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(ranges[1] ?? 'bytes=0-')?.[1]);
    expect(resumedAt).toBeLessThanOrEqual(70_000);
    expect(fs.readFileSync(finalModel()).equals(MODEL)).toBe(true);
  });

  it('keeps the partial file when retries run out, and the next attempt resumes from it', async () => {
    hub.faults.cut = { file: 'model.onnx', afterBytes: 50_000, times: 3, mode: 'short' };
    const e = failure(await resolve());
    expect(e.kind).toBe('download-failed');
    expect(e.message).toMatch(/^wd-vit-tagger-v3 is not on this machine and could not be downloaded \(model\.onnx of SmilingWolf\/wd-vit-tagger-v3 stopped at 150000 of 204800 bytes: the connection closed early; the next attempt resumes from there\)\. Put /);
    expect(e.message).not.toContain('\n');
    expect(hub.downloads('model.onnx').map((q) => q.range)).toEqual([null, 'bytes=50000-', 'bytes=100000-']);
    expect(fs.statSync(partialModel()).size).toBe(150_000);
    expect(fs.existsSync(finalModel())).toBe(false);

    expect((await resolve()).ok).toBe(true);
    expect(hub.downloads('model.onnx').at(-1)?.range).toBe('bytes=150000-');
    expect(fs.readFileSync(finalModel()).equals(MODEL)).toBe(true);
  });

  it('rejects corrupted bytes: nothing at the final path and no partial file left', async () => {
    hub.faults.corrupt = ['model.onnx'];
    const e = failure(await resolve());
    expect(e.kind).toBe('integrity');
    expect(e.message).toContain(`model.onnx of ${REPO} failed its sha256 check (expected ${MODEL_SHA}, got `);
    expect(fs.existsSync(finalModel())).toBe(false);
    expect(fs.existsSync(path.join(repoDir, 'blobs', MODEL_SHA))).toBe(false);
    expect(fs.existsSync(partialModel())).toBe(false);

    hub.faults.corrupt = [];
    expect((await resolve()).ok).toBe(true);
    expect(fs.readFileSync(finalModel()).equals(MODEL)).toBe(true);
  });

  it('checks regular (non-LFS) files against their git blob id', async () => {
    hub.faults.corrupt = ['selected_tags.csv'];
    const e = failure(await resolve());
    expect(e).toMatchObject({ kind: 'integrity', message: expect.stringContaining(`selected_tags.csv of ${REPO} failed its git blob hash check`) });
    expect(fs.existsSync(path.join(repoDir, 'snapshots', COMMIT, 'selected_tags.csv'))).toBe(false);
  });

  it('cancels on the signal, leaves no final file, and the next attempt resumes', async () => {
    hub.faults.stall = { file: 'model.onnx', afterBytes: 100_000 };
    const ac = new AbortController();
    const e = failure(await resolve({ signal: ac.signal, onProgress: (p) => p.file === 'model.onnx' && p.bytes > 0 && ac.abort() }));
    expect(e.kind).toBe('cancelled');
    expect(e.message).toMatch(/^Download of wd-vit-tagger-v3 was cancelled/);
    expect(fs.existsSync(finalModel())).toBe(false);
    const kept = fs.statSync(partialModel()).size;
    expect(kept).toBeGreaterThan(0);

    delete hub.faults.stall;
    expect((await resolve()).ok).toBe(true);
    expect(hub.downloads('model.onnx').at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(fs.readFileSync(finalModel()).equals(MODEL)).toBe(true);
  });

  it('gives a signal that is already aborted a cancelled result without a request', async () => {
    const e = failure(await resolve({ signal: AbortSignal.abort() }));
    expect(e.kind).toBe('cancelled');
    expect(hub.requests).toEqual([]);
  });

  it('says which files to put where when the hub cannot be reached', async () => {
    const hubUrl = `http://127.0.0.1:${await freePort()}`;
    const e = failure(await resolve({ hubUrl }));
    expect(e).toEqual({
      kind: 'download-failed',
      message:
        `wd-vit-tagger-v3 is not on this machine and could not be downloaded (fetch failed: ECONNREFUSED). ` +
        `Put model.onnx and selected_tags.csv from ${hubUrl}/${REPO} in ${path.join(repoDir, 'snapshots', 'main')}${path.sep} ` +
        `or pass a folder that holds them.`,
    });
  });

  it('reports a file the repo does not have', async () => {
    hub.faults.missing = ['model.onnx'];
    const e = failure(await resolve());
    expect(e.kind).toBe('download-failed');
    expect(e.message).toContain(`(${REPO} has no model.onnx at revision main)`);
  });

  it('reports the hub refusing the repo', async () => {
    const other = await startFakeHub({});
    try {
      const e = failure(await resolve({ hubUrl: other.url }));
      expect(e.message).toContain('could not be downloaded (HTTP 401: Repository not found)');
    } finally {
      await other.close();
    }
  });

  it('sends the access token to the hub', async () => {
    expect((await resolve({ accessToken: 'hf_test' })).ok).toBe(true);
    expect(hub.requests.length).toBeGreaterThan(0);
    expect(hub.requests.every((q) => q.authorization === 'Bearer hf_test')).toBe(true);
  });

  it('downloads each file once when two callers ask at the same time', async () => {
    const [a, b] = await Promise.all([resolve(), resolve()]);
    expect(a?.ok && b?.ok).toBe(true);
    expect(hub.downloads('model.onnx')).toHaveLength(1);
    expect(hub.downloads('selected_tags.csv')).toHaveLength(1);
    expect(fs.readFileSync(finalModel()).equals(MODEL)).toBe(true);
  });
});
