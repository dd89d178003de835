import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronMediaUrl, electronThumbnailUrl } from '../../shared/contract/urls.ts';
import { err, ok } from '../../shared/result.ts';
import type { ThumbnailSource } from '../web/media.ts';
import { routeDatasetRequest, type MediaSession } from './dataset-route.ts';

let base: string;
let root: string;
const thumbCalls: [string, number][] = [];
let thumbResult: Awaited<ReturnType<ThumbnailSource['get']>>;
const thumbnails: ThumbnailSource = {
  async get(abs, size) {
    thumbCalls.push([abs, size]);
    return thumbResult;
  },
};
const session = (): MediaSession => ({ root, thumbnails: () => thumbnails });
const write = (rel: string, text = 'x'): void => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};

beforeAll(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-route-')));
  root = path.join(base, 'data');
  fs.mkdirSync(path.join(base, 'outside'), { recursive: true });
  fs.writeFileSync(path.join(base, 'outside', 'secret.png'), 'secret');
  fs.writeFileSync(path.join(base, 'secret.png'), 'secret');
  for (const rel of ['a.png', 'sub/b c.png', 'weird%20name.png', 'ünï #1.jpg', 'notes.txt', '.hidden/x.png']) write(rel);
  fs.symlinkSync(path.join(base, 'outside', 'secret.png'), path.join(root, 'out.png'));
  fs.symlinkSync(path.join(base, 'outside'), path.join(root, 'linkdir'));
  fs.symlinkSync(path.join(root, 'notes.txt'), path.join(root, 'fake.png'));
  fs.symlinkSync(path.join(root, 'a.png'), path.join(root, 'alias.webp'));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (url: string) => routeDatasetRequest('GET', url, session());

describe('dataset://media', () => {
  it.each([
    ['a.png', 'a.png', 'image/png'],
    ['sub/b c.png', 'sub/b c.png', 'image/png'],
    ['weird%20name.png', 'weird%20name.png', 'image/png'],
    ['ünï #1.jpg', 'ünï #1.jpg', 'image/jpeg'],
    // A link inside the root to an image inside the root is served as the image it points at.
    ['alias.webp', 'a.png', 'image/png'],
  ])('serves %s', async (id, file, type) => {
    expect(await get(electronMediaUrl(id))).toEqual({ ok: true, path: path.join(root, file), contentType: type });
  });

  it.each([
    // Climbing out, spelled every way: the URL parser folds some, parseMediaId refuses the rest.
    ['dataset://media/../secret.png', [404]],
    ['dataset://media/%2e%2e/secret.png', [403, 404]],
    ['dataset://media/sub/%2E%2E/%2E%2E/secret.png', [403, 404]],
    ['dataset://media/..%2fsecret.png', [403]],
    ['dataset://media/sub%2F..%2F..%2Fsecret.png', [403]],
    ['dataset://media/sub%5c..%5c..%5csecret.png', [403]],
    ['dataset://media/%252e%252e/secret.png', [404]],
    ['dataset://media//etc/passwd.png', [403]],
    ['dataset://media/C:%5cWindows%5cwin.png', [403]],
    ['dataset://media/a.png%00.txt', [403]],
    ['dataset://media/%E0%A4%A.png', [403]],
    // Symlinks leading out of the root, to a file or through a folder.
    ['dataset://media/out.png', [403]],
    ['dataset://media/linkdir/secret.png', [403]],
    // Not an image: by name, by what a link points at, hidden, missing.
    ['dataset://media/notes.txt', [404]],
    ['dataset://media/fake.png', [404]],
    ['dataset://media/.hidden/x.png', [404]],
    ['dataset://media/missing.png', [404]],
    ['dataset://media/sub', [404]],
    ['dataset://media/', [404]],
    // Not our routes.
    ['dataset://other/a.png', [404]],
    ['dataset://media:8080/a.png', [404]],
    ['dataset://user@media/a.png', [404]],
    ['file:///etc/passwd', [404]],
    ['not a url', [400]],
  ])('refuses %s', async (url, statuses) => {
    const verdict = await get(url);
    expect(verdict.ok).toBe(false);
    expect(statuses).toContain(verdict.ok ? 200 : verdict.status);
  });

  it('answers HEAD, refuses other methods, and serves nothing while no folder is open', async () => {
    expect((await routeDatasetRequest('HEAD', electronMediaUrl('a.png'), session())).ok).toBe(true);
    expect(await routeDatasetRequest('POST', electronMediaUrl('a.png'), session())).toEqual({ ok: false, status: 405 });
    expect(await routeDatasetRequest('GET', electronMediaUrl('a.png'), null)).toEqual({ ok: false, status: 404 });
  });
});

describe('dataset://thumbs', () => {
  it('asks the thumbnail service for the real file at a shared bucket size', async () => {
    thumbCalls.length = 0;
    thumbResult = ok({ path: '/cache/t.webp', contentType: 'image/webp' as const });
    expect(await get(electronThumbnailUrl('sub/b c.png', 100))).toEqual({ ok: true, path: '/cache/t.webp', contentType: 'image/webp' });
    expect(await get('dataset://thumbs/a.png')).toMatchObject({ ok: true });
    expect(thumbCalls).toEqual([
      [path.join(root, 'sub/b c.png'), 128],
      [path.join(root, 'a.png'), 256],
    ]);
  });

  it.each(['abc', '0', '-5', '99999', '1.5', ''])('refuses size=%j', async (size) => {
    expect(await get(`dataset://thumbs/a.png?size=${size}`)).toEqual({ ok: false, status: 400 });
  });

  it('never renders a file outside the root', async () => {
    thumbCalls.length = 0;
    expect(await get(electronThumbnailUrl('out.png', 128))).toEqual({ ok: false, status: 403 });
    expect(await get('dataset://thumbs/..%2fsecret.png?size=128')).toEqual({ ok: false, status: 403 });
    expect(thumbCalls).toEqual([]);
  });

  it('maps thumbnail failures to statuses', async () => {
    thumbResult = err({ kind: 'not-found', message: 'gone' });
    expect(await get(electronThumbnailUrl('a.png', 128))).toEqual({ ok: false, status: 404 });
    thumbResult = err({ kind: 'corrupt-image', message: 'bad' });
    expect(await get(electronThumbnailUrl('a.png', 128))).toEqual({ ok: false, status: 500 });
  });
});
