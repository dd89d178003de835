import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dataset } from '../dataset/dataset.ts';
import { PNG, read } from '../dataset/test-fixtures.ts';
import sharp from 'sharp';
import { openTestSession, tempDir, waitUntil } from '../handlers/test-session.ts';
import { ThumbnailService } from '../thumbnails/service.ts';
import { FIRST_SCREEN_IMAGES, Session } from './session.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

const external = (t: Awaited<ReturnType<typeof openTestSession>>) => t.eventsOf('images.changed').filter((e) => e.source === 'external');

describe('Session events from the watcher', () => {
  it('turns outside edits, additions and removals into images.changed (external), but not our own writes', async () => {
    const t = await openTestSession({ 'a.png': PNG, 'a.txt': 'one', 'b.png': PNG, 'b.txt': 'two' }, { watch: true });

    fs.writeFileSync(path.join(t.root, 'a.txt'), 'one, outside');
    await waitUntil(() => external(t).length > 0, 'the outside edit');
    expect(external(t)).toEqual([{ images: [{ id: 'a.png', captionPath: 'a.txt', caption: 'one, outside' }], removed: [], source: 'external' }]);

    await t.value('caption.save', { id: 'b.png', before: 'two', after: 'two, ours' });
    fs.writeFileSync(path.join(t.root, 'c.txt'), 'three');
    fs.writeFileSync(path.join(t.root, 'c.png'), PNG);
    await waitUntil(() => external(t).some((e) => e.images.some((i) => i.id === 'c.png')), 'the new image');
    expect(external(t).flatMap((e) => e.images).find((i) => i.id === 'c.png')).toEqual({ id: 'c.png', captionPath: 'c.txt', caption: 'three' });
    // Our save was announced once, as an edit, never again as an outside change.
    expect(external(t).flatMap((e) => e.images).some((i) => i.id === 'b.png')).toBe(false);
    expect(t.eventsOf('images.changed').filter((e) => e.source === 'edit')).toHaveLength(1);

    fs.unlinkSync(path.join(t.root, 'a.png'));
    await waitUntil(() => external(t).some((e) => e.removed.includes('a.png')), 'the removal');
    expect((await t.value('dataset.snapshot')).info.orphanCaptions).toEqual(['a.txt']);
  });

  it('coalesces a burst of outside changes into a few events', async () => {
    const files: Record<string, string | Uint8Array> = {};
    const n = 400;
    for (let i = 0; i < n; i++) {
      files[`img_${i}.png`] = PNG;
      files[`img_${i}.txt`] = `tag ${i}`;
    }
    const t = await openTestSession(files, { watch: true });
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(t.root, `img_${i}.txt`), `tag ${i}, edited`);
    const seen = () => new Set(external(t).flatMap((e) => e.images.map((i) => i.id)));
    await waitUntil(() => seen().size === n, `all ${n} changes`, 15_000);
    expect(external(t).length).toBeLessThan(n / 10);
    for (const e of external(t)) for (const i of e.images) expect(i.caption).toMatch(/, edited$/);
  });

  it('a watcher error becomes one warning notice per problem, not a crash', async () => {
    let fireError: (e: unknown) => void = () => undefined;
    vi.spyOn(Dataset.prototype, 'watch').mockImplementation(async (_onEvent, onError) => {
      fireError = onError ?? fireError;
      return async () => undefined;
    });
    const t = await openTestSession({ 'a.png': PNG, 'a.txt': 'one' }, { watch: true });
    fireError(Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }));
    fireError(Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }));
    const notices = t.eventsOf('notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.level).toBe('warning');
    expect(notices[0]!.message).toContain('ENOSPC');
    expect(notices[0]!.message).not.toContain('\n');
    expect((await t.value('dataset.snapshot')).images).toHaveLength(1);
  });

  it('a watcher that cannot start leaves the session usable and says so', async () => {
    vi.spyOn(Dataset.prototype, 'watch').mockRejectedValue(new Error('EMFILE: too many open files'));
    const t = await openTestSession({ 'a.png': PNG, 'a.txt': 'one' }, { watch: true });
    // The notice went out before the test could subscribe; what matters is that the session works.
    await t.value('caption.save', { id: 'a.png', before: 'one', after: 'two' });
    expect(read(t.root, 'a.txt')).toBe('two');
  });
});

describe('Session listeners', () => {
  it('a throwing listener does not keep the others from their events; unsubscribe stops delivery', async () => {
    const t = await openTestSession({ 'a.png': PNG, 'a.txt': 'one' });
    const seen: string[] = [];
    t.session.on(() => {
      throw new Error('closed socket');
    });
    const off = t.session.on((event) => seen.push(event));
    await t.value('caption.save', { id: 'a.png', before: 'one', after: 'two' });
    expect(seen).toEqual(['images.changed', 'history.changed']);
    off();
    await t.value('history.undo');
    expect(seen).toHaveLength(2);
    expect(t.eventsOf('history.changed')).toHaveLength(2);
  });

  it('after close, nothing is emitted', async () => {
    const t = await openTestSession({ 'a.png': PNG, 'a.txt': 'one' }, { watch: true });
    await t.session.close();
    fs.writeFileSync(path.join(t.root, 'a.txt'), 'outside');
    await new Promise((r) => setTimeout(r, 300));
    expect(t.events).toEqual([]);
  });
});

describe('Session.open for an editor', () => {
  const webps = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.webp'));

  it("makes the grid's first screenful of thumbnails before the page asks, for plain images inside the folder, and again after a reopen", async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#468' } }).png().toBuffer();
    const root = tempDir();
    for (let i = 1; i <= FIRST_SCREEN_IMAGES + 2; i++) fs.writeFileSync(path.join(root, `img_${i}.png`), png);
    // First in grid order, and a link out of the folder: left for the media route to refuse.
    const outside = path.join(tempDir(), 'secret.png');
    fs.writeFileSync(outside, png);
    fs.symlinkSync(outside, path.join(root, 'img_0.png'));
    const t = await openTestSession({}, { root, editing: { screenful: async () => FIRST_SCREEN_IMAGES } });
    const thumbs = t.session.thumbnails();

    await t.session.firstScreenful();
    expect(webps(thumbs.cacheDir)).toHaveLength(FIRST_SCREEN_IMAGES - 1);
    const ok = async (file: string) => {
      const got = await thumbs.get(file, 256);
      if (!got.ok) throw new Error(got.error.message);
      return got.value.cached;
    };
    expect(await ok(path.join(t.session.root, 'img_1.png'))).toBe(true);
    expect(await ok(path.join(t.session.root, `img_${FIRST_SCREEN_IMAGES - 1}.png`))).toBe(true);
    expect(await ok(path.join(t.session.root, `img_${FIRST_SCREEN_IMAGES}.png`))).toBe(false);
    expect(await ok(fs.realpathSync(outside))).toBe(false);

    const other = tempDir();
    fs.writeFileSync(path.join(other, 'x.png'), png);
    const made = webps(thumbs.cacheDir).length;
    await t.session.reopen(other);
    await waitUntil(() => webps(thumbs.cacheDir).length === made + 1, "the reopened folder's thumbnail");
  });

  it("makes as many as the editor's grid showed last time (its preferences say), within bounds", async () => {
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#864' } }).png().toBuffer();
    const root = tempDir();
    for (let i = 1; i <= 8; i++) fs.writeFileSync(path.join(root, `img_${i}.png`), png);
    const shown = [3, 0];
    const t = await openTestSession({}, { root, editing: { screenful: async () => shown.shift()! } });
    const thumbs = t.session.thumbnails();
    await t.session.firstScreenful();
    expect(webps(thumbs.cacheDir)).toHaveLength(3);
    // Nonsense from the preferences falls back to the default.
    const other = tempDir();
    for (let i = 1; i <= 2; i++) fs.writeFileSync(path.join(other, `x_${i}.png`), png);
    await t.session.reopen(other);
    await t.session.firstScreenful();
    expect(webps(thumbs.cacheDir)).toHaveLength(5);
  });

  it('starts the thumbnail workers before it reads the folder, and the first screenful without waiting for the watcher', async () => {
    const order: string[] = [];
    const warm = ThumbnailService.prototype.warm;
    vi.spyOn(ThumbnailService.prototype, 'warm').mockImplementation(function (this: ThumbnailService, ...args) {
      order.push('warm');
      return warm.apply(this, args);
    });
    const open = Dataset.open.bind(Dataset);
    vi.spyOn(Dataset, 'open').mockImplementation(async (...args) => {
      order.push('read folder');
      return open(...args);
    });
    let prefetched: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (prefetched = resolve));
    const prefetch = ThumbnailService.prototype.prefetch;
    vi.spyOn(ThumbnailService.prototype, 'prefetch').mockImplementation(function (this: ThumbnailService, ...args) {
      order.push('first screenful');
      prefetched();
      return prefetch.apply(this, args);
    });
    // A watcher whose start takes long (a scan of a big folder): it starts only once the first
    // screenful is under way, or gives up after 5 s.
    const watch = Dataset.prototype.watch;
    vi.spyOn(Dataset.prototype, 'watch').mockImplementation(async function (this: Dataset, ...args) {
      await Promise.race([asked, new Promise((r) => setTimeout(r, 5000))]);
      order.push('watching');
      return watch.apply(this, args);
    });
    const t = await openTestSession({ 'a.png': PNG, 'a.txt': 'one' }, { watch: true, editing: { screenful: async () => 1 } });
    expect(order).toEqual(['warm', 'read folder', 'first screenful', 'watching']);
    await t.session.firstScreenful();
  });
});

describe('Session.open', () => {
  it("starts the editor's thumbnail workers before it reads the folder, the CLI's never", async () => {
    // No image to make a thumbnail of: only the warm-up can start a worker.
    const editor = await openTestSession({ 'notes.txt': 'x' }, { editing: { screenful: async () => 1 } });
    const cli = await openTestSession({ 'notes.txt': 'x' });
    await waitUntil(() => editor.session.thumbnails().readyWorkers > 0, 'the workers');
    await new Promise((r) => setTimeout(r, 300));
    expect(cli.session.thumbnails().readyWorkers).toBe(0);
  });

  it("starts an editor's first screenful from the folder's listing, and the CLI's never", async () => {
    const asked: boolean[] = [];
    const open = Dataset.open.bind(Dataset);
    vi.spyOn(Dataset, 'open').mockImplementation(async (root, options) => {
      asked.push(typeof options?.onListed === 'function');
      return open(root, options);
    });
    await openTestSession({ 'a.png': PNG }, { editing: { screenful: async () => 1 } });
    await openTestSession({ 'a.png': PNG });
    expect(asked).toEqual([true, false]);
  });

  it('a reopen that fails after listing its folder makes no thumbnails of it, and keeps the open one', async () => {
    const t = await openTestSession({ 'a.png': PNG, 'a.txt': 'one' }, { editing: { screenful: async () => 1 } });
    await t.session.firstScreenful();
    const prefetch = vi.spyOn(ThumbnailService.prototype, 'prefetch');
    const other = tempDir();
    fs.writeFileSync(path.join(other, 'b.png'), PNG);
    vi.spyOn(Dataset, 'open').mockImplementation(async (_root, options) => {
      options?.onListed?.([{ relPath: 'b.png', captionRelPath: 'b.txt', caption: null }]);
      throw new Error('EIO: the disk went away');
    });
    await expect(t.session.reopen(other)).rejects.toThrow(/EIO/);
    await new Promise((r) => setTimeout(r, 200));
    expect(prefetch).not.toHaveBeenCalled();
    expect((await t.value('dataset.snapshot')).images.map((i) => i.id)).toEqual(['a.png']);
  });

  it('a folder that cannot be opened closes the workers it started', async () => {
    const close = vi.spyOn(ThumbnailService.prototype, 'close');
    const missing = path.join(tempDir(), 'gone');
    await expect(Session.open({ root: missing, editing: { screenful: async () => 1 }, thumbnails: { cacheDir: tempDir() } })).rejects.toThrow(/not a folder/);
    expect(close).toHaveBeenCalledTimes(1);
  });
});
