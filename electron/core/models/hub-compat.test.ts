/**
 * The cache is shared with other tools and the fake stands in for the real hub, so both are checked
 * against @huggingface/hub's own readers and writers (which follow huggingface_hub's conventions).
 */
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { downloadFileToCacheDir, fileDownloadInfo, scanCachedRepo } from '@huggingface/hub';
import { resolveTaggerModel } from './resolve.ts';
import { startFakeHub } from '../../../test/fakes/hf-hub-server.ts';
import type { FakeHub } from '../../../test/fakes/hf-hub-server.ts';

const REPO = 'SmilingWolf/wd-convnext-tagger-v3';
const COMMIT = 'b'.repeat(40);
const MODEL = randomBytes(64 * 1024);
const TAGS = 'tag_id,name,category,count\n';

let hub: FakeHub;
let cache: string;

beforeEach(async () => {
  hub = await startFakeHub({ [REPO]: { commit: COMMIT, files: { 'model.onnx': MODEL, 'selected_tags.csv': TAGS } } });
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-compat-'));
  // The library announces each download on console.debug.
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await hub.close();
  fs.rmSync(cache, { recursive: true, force: true });
});

describe('compatibility with @huggingface/hub', () => {
  it('finds a model that the library downloaded into the cache', async () => {
    for (const file of ['model.onnx', 'selected_tags.csv']) {
      await downloadFileToCacheDir({ repo: REPO, path: file, hubUrl: hub.url, cacheDir: cache });
    }
    const before = hub.requests.length;
    expect(await resolveTaggerModel('wd-convnext-tagger-v3', { hubCache: cache, hubUrl: hub.url })).toEqual({
      ok: true,
      value: { dir: path.join(cache, 'models--SmilingWolf--wd-convnext-tagger-v3', 'snapshots', COMMIT), id: 'wd-convnext-tagger-v3', source: 'hub-cache' },
    });
    expect(hub.requests.length).toBe(before);
  });

  it('lays out a download so the library finds it without asking the hub', async () => {
    const r = await resolveTaggerModel('wd-convnext-tagger-v3', { hubCache: cache, hubUrl: hub.url });
    if (!r.ok) throw new Error(r.error.message);
    const before = hub.requests.length;
    const pointer = await downloadFileToCacheDir({ repo: REPO, path: 'model.onnx', revision: COMMIT, hubUrl: hub.url, cacheDir: cache });
    expect(pointer).toBe(path.join(r.value.dir, 'model.onnx'));
    expect(hub.requests.length).toBe(before);

    const scanned = await scanCachedRepo(path.join(cache, 'models--SmilingWolf--wd-convnext-tagger-v3'));
    expect(scanned.revisions).toHaveLength(1);
    expect(scanned.revisions[0]).toMatchObject({ commitOid: COMMIT, refs: ['main'], size: MODEL.length + TAGS.length });
  });

  it('the fake answers the library\'s file-info probe as the hub does', async () => {
    const lfs = await fileDownloadInfo({ repo: REPO, path: 'model.onnx', hubUrl: hub.url });
    expect(lfs).toMatchObject({ size: MODEL.length, url: expect.stringContaining('/cdn-lfs/') });
    const regular = await fileDownloadInfo({ repo: REPO, path: 'selected_tags.csv', hubUrl: hub.url });
    expect(regular?.size).toBe(TAGS.length);
    expect(await fileDownloadInfo({ repo: REPO, path: 'nope.txt', hubUrl: hub.url })).toBeNull();

    // What huggingface_hub's HEAD reads before a download: commit, etag and size on the redirect.
    const head = await fetch(`${hub.url}/${REPO}/resolve/main/model.onnx`, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(302);
    expect(head.headers.get('x-repo-commit')).toBe(COMMIT);
    expect(head.headers.get('x-linked-size')).toBe(String(MODEL.length));
    expect(head.headers.get('x-linked-etag')).toMatch(/^"[0-9a-f]{64}"$/);
  });
});
