import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listTaggerModels, resolveTaggerModel } from './resolve.ts';
import { WD14_MODELS } from '../../../models/wd14.ts';
import type { AppError, Result } from '../../../shared/result.ts';

let tmp: string;
let cache: string;
// Nothing listens here: a test that reaches the network fails loudly instead of downloading.
const offline = { hubUrl: 'http://127.0.0.1:9' };

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-models-'));
  cache = path.join(tmp, 'hub');
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function failure(r: Result<unknown, AppError>): AppError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

function write(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

/** A hub-cache entry the way huggingface_hub leaves it: blobs, relative symlinks, and optionally refs/<rev>. */
function cacheRepo(repo: string, commit: string, opts: { ref?: string; files?: string[] } = {}): string {
  const root = path.join(cache, `models--${repo.replace('/', '--')}`);
  const snapshot = path.join(root, 'snapshots', commit);
  fs.mkdirSync(snapshot, { recursive: true });
  for (const f of opts.files ?? ['model.onnx', 'selected_tags.csv']) {
    const blob = path.join(root, 'blobs', `${commit.slice(0, 8)}-${f}`);
    write(blob, `${f} bytes`);
    fs.symlinkSync(path.relative(snapshot, blob), path.join(snapshot, f));
  }
  if (opts.ref) write(path.join(root, 'refs', opts.ref), commit);
  return snapshot;
}

describe('a folder spec', () => {
  it('accepts any folder holding model.onnx and selected_tags.csv', async () => {
    const dir = path.join(tmp, 'my tagger');
    write(path.join(dir, 'model.onnx'), Buffer.alloc(2048, 1));
    write(path.join(dir, 'selected_tags.csv'), 'tag_id,name,category,count\n');
    expect(await resolveTaggerModel(dir, offline)).toEqual({ ok: true, value: { dir, id: null, source: 'folder' } });
  });

  it('names the file a folder lacks', async () => {
    const dir = path.join(tmp, 'half');
    write(path.join(dir, 'model.onnx'), 'x');
    expect(failure(await resolveTaggerModel(dir, offline))).toEqual({
      kind: 'not-found',
      message: `${dir} has no selected_tags.csv; a tagger folder holds model.onnx and selected_tags.csv.`,
    });
    fs.rmSync(path.join(dir, 'model.onnx'));
    expect(failure(await resolveTaggerModel(dir, offline)).message).toContain('has no model.onnx or selected_tags.csv;');
  });

  it('spots a Git LFS pointer left by a clone without git-lfs', async () => {
    const dir = path.join(tmp, 'wd-vit-tagger-v3');
    write(path.join(dir, 'model.onnx'), 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 378536310\n');
    write(path.join(dir, 'selected_tags.csv'), 'tag_id,name,category,count\n');
    const e = failure(await resolveTaggerModel(dir, offline));
    expect(e.kind).toBe('invalid-model');
    expect(e.message).toContain('model.onnx is a Git LFS pointer, not the file itself: run "git lfs pull"');
  });

  it('knows the registry id of a clone named after its repo, and of a hub snapshot folder', async () => {
    const clone = path.join(tmp, 'wd-vit-tagger-v3');
    write(path.join(clone, 'model.onnx'), Buffer.alloc(2048));
    write(path.join(clone, 'selected_tags.csv'), 'x');
    expect(await resolveTaggerModel(clone, offline)).toMatchObject({ ok: true, value: { id: 'wd-vit-tagger-v3', source: 'folder' } });
    const snapshot = cacheRepo('SmilingWolf/wd-v1-4-moat-tagger-v2', 'c'.repeat(40));
    expect(await resolveTaggerModel(snapshot, offline)).toMatchObject({ ok: true, value: { id: 'wd-v1-4-moat-tagger-v2', source: 'folder' } });
  });

  it('lists the known ids for a spec that is neither a folder nor a known model', async () => {
    const e = failure(await resolveTaggerModel('wd-nonexistent-tagger', offline));
    expect(e.kind).toBe('not-found');
    expect(e.message).toBe(`"wd-nonexistent-tagger" is neither a folder nor a known tagger; known: ${WD14_MODELS.map((m) => m.id).join(', ')}.`);
  });
});

describe('the Hugging Face hub cache', () => {
  it('finds the snapshot refs/main names, following symlinks into blobs', async () => {
    cacheRepo('SmilingWolf/wd-swinv2-tagger-v3', '1'.repeat(40));
    const current = cacheRepo('SmilingWolf/wd-swinv2-tagger-v3', '2'.repeat(40), { ref: 'main' });
    for (const spec of ['wd-swinv2-tagger-v3', 'SmilingWolf/wd-swinv2-tagger-v3', 'smilingwolf/WD-SWINV2-TAGGER-V3']) {
      expect(await resolveTaggerModel(spec, { hubCache: cache, ...offline })).toEqual({
        ok: true,
        value: { dir: current, id: 'wd-swinv2-tagger-v3', source: 'hub-cache' },
      });
    }
    expect(fs.readFileSync(path.join(current, 'model.onnx'), 'utf8')).toBe('model.onnx bytes');
  });

  it('falls back to any complete snapshot when the ref is missing or points at an incomplete one', async () => {
    const complete = cacheRepo('SmilingWolf/wd-vit-tagger-v3', '3'.repeat(40));
    const expected = { ok: true, value: { dir: complete, id: 'wd-vit-tagger-v3', source: 'hub-cache' } };
    expect(await resolveTaggerModel('wd-vit-tagger-v3', { hubCache: cache, download: false })).toEqual(expected);
    cacheRepo('SmilingWolf/wd-vit-tagger-v3', '4'.repeat(40), { ref: 'main', files: ['selected_tags.csv'] });
    expect(await resolveTaggerModel('wd-vit-tagger-v3', { hubCache: cache, download: false })).toEqual(expected);
  });

  it('accepts a snapshot folder named after the revision, as the error message suggests', async () => {
    const root = path.join(cache, 'models--SmilingWolf--wd-vit-tagger-v3', 'snapshots', 'main');
    write(path.join(root, 'model.onnx'), Buffer.alloc(2048));
    write(path.join(root, 'selected_tags.csv'), 'x');
    expect(await resolveTaggerModel('wd-vit-tagger-v3', { hubCache: cache, download: false })).toEqual({
      ok: true,
      value: { dir: root, id: 'wd-vit-tagger-v3', source: 'hub-cache' },
    });
  });

  it('treats a symlink to a deleted blob as missing', async () => {
    const snapshot = cacheRepo('SmilingWolf/wd-vit-tagger-v3', '5'.repeat(40), { ref: 'main' });
    fs.rmSync(fs.realpathSync(path.join(snapshot, 'model.onnx')));
    const e = failure(await resolveTaggerModel('wd-vit-tagger-v3', { hubCache: cache, download: false }));
    expect(e.kind).toBe('not-found');
  });

  it('says where to put the files when downloading is off', async () => {
    const e = failure(await resolveTaggerModel('wd-eva02-large-tagger-v3', { hubCache: cache, download: false, hubUrl: 'https://huggingface.co' }));
    expect(e).toEqual({
      kind: 'not-found',
      message:
        'wd-eva02-large-tagger-v3 is not on this machine and downloading is turned off. ' +
        'Put model.onnx and selected_tags.csv from https://huggingface.co/SmilingWolf/wd-eva02-large-tagger-v3 in ' +
        `${path.join(cache, 'models--SmilingWolf--wd-eva02-large-tagger-v3', 'snapshots', 'main')}${path.sep} or pass a folder that holds them.`,
    });
  });

  it('honours HF_HUB_OFFLINE like the Python tools sharing the cache: no download attempt', async () => {
    const before = process.env.HF_HUB_OFFLINE;
    process.env.HF_HUB_OFFLINE = '1';
    try {
      // An unroutable hub URL: were a download tried, the error would say it could not be downloaded.
      const e = failure(await resolveTaggerModel('wd-vit-tagger-v3', { hubCache: cache, hubUrl: 'http://127.0.0.1:9' }));
      expect(e.kind).toBe('not-found');
      expect(e.message).toMatch(/^wd-vit-tagger-v3 is not on this machine and HF_HUB_OFFLINE is set\. Put model\.onnx/);
    } finally {
      if (before === undefined) delete process.env.HF_HUB_OFFLINE;
      else process.env.HF_HUB_OFFLINE = before;
    }
  });

  it('lists every registry model with its folder when cached', async () => {
    const swin = cacheRepo('SmilingWolf/wd-swinv2-tagger-v3', '6'.repeat(40), { ref: 'main' });
    const list = await listTaggerModels({ hubCache: cache });
    expect(list.map((m) => m.id)).toEqual(WD14_MODELS.map((m) => m.id));
    expect(list.find((m) => m.id === 'wd-swinv2-tagger-v3')).toEqual({
      id: 'wd-swinv2-tagger-v3',
      repo: 'SmilingWolf/wd-swinv2-tagger-v3',
      version: 'v3',
      dir: swin,
      downloadBytes: 470_000_000,
      // Measured through the snapshot's symlinks: the blobs hold "model.onnx bytes" and "selected_tags.csv bytes".
      diskBytes: 'model.onnx bytes'.length + 'selected_tags.csv bytes'.length,
    });
    expect(list.filter((m) => m.dir !== null)).toHaveLength(1);
    expect(list.find((m) => m.id === 'wd-vit-large-tagger-v3')).toMatchObject({ dir: null, diskBytes: null, downloadBytes: 1_300_000_000 });
  });

  it('does not count a half-downloaded model (one file missing, or a dangling link) as cached', async () => {
    cacheRepo('SmilingWolf/wd-vit-tagger-v3', '7'.repeat(40), { ref: 'main', files: ['selected_tags.csv'] });
    const eva = cacheRepo('SmilingWolf/wd-eva02-large-tagger-v3', '8'.repeat(40), { ref: 'main' });
    fs.rmSync(path.join(cache, 'models--SmilingWolf--wd-eva02-large-tagger-v3', 'blobs', `${'8'.repeat(8)}-model.onnx`));
    const list = await listTaggerModels({ hubCache: cache });
    expect(list.find((m) => m.id === 'wd-vit-tagger-v3')?.dir).toBeNull();
    expect(list.find((m) => m.id === 'wd-eva02-large-tagger-v3')?.dir).toBeNull();
    expect(fs.existsSync(eva)).toBe(true);
  });
});
