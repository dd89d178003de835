import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronMediaUrl, electronThumbnailUrl } from '../../shared/contract/urls.ts';
import { err, ok } from '../../shared/result.ts';
import type { ThumbnailSource } from '../web/media.ts';
import { routeDatasetRequest, type MediaSession } from './dataset-route.ts';
import { REFUSED_MEDIA, SERVED_MEDIA, makeDatasetTree } from './testing/dataset-cases.ts';

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
beforeAll(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-route-')));
  root = makeDatasetTree(base);
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const get = (url: string) => routeDatasetRequest('GET', url, session());

describe('dataset://media', () => {
  it.each(SERVED_MEDIA)('serves %s', async (id, file, type) => {
    expect(await get(electronMediaUrl(id))).toEqual({ ok: true, path: path.join(root, file), contentType: type });
  });

  it.each([
    ...REFUSED_MEDIA,
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
