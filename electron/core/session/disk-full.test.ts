import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * A batch on a disk that fills up part-way, on a real 8 MiB tmpfs. Mounting needs a mount namespace:
 * `unshare -rm` (an unprivileged user namespace, or root) gives one without touching the machine's own
 * mounts; where neither is allowed the test is skipped and says why.
 */
const worker = fileURLToPath(new URL('./disk-full-worker.ts', import.meta.url));
const mountable = process.platform === 'linux' && spawnSync('unshare', ['-rm', 'true']).status === 0;

describe.skipIf(!mountable)('disk full part-way through a batch (skipped where unshare -rm cannot make a mount namespace)', () => {
  it('is announced with how far it got, keeps journal and disk consistent, and is finished aloud by the next edit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-tmpfs-'));
    try {
      const script = `mount -t tmpfs -o size=8m tmpfs "$1" && exec "$2" --import tsx "$3" "$1"`;
      const r = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', dir, process.execPath, worker], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);

      // The reply names the cause, how far it got and what happens next; not a bare errno line.
      expect(out.full.ok).toBe(false);
      const message: string = out.full.error.message;
      expect(message).toMatch(/ENOSPC/);
      const written = Number(/stopped part-way, (\d+) of 200 file\(s\) written/.exec(message)?.[1]);
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(200);
      expect(message).toMatch(/finished when the dataset is next opened or edited/);
      expect(out.grownAfterFull).toBe(written);
      // Every client hears it: the captions that did change, and the error.
      const changed = out.fullEvents.filter((e: { event: string }) => e.event === 'images.changed');
      expect(changed.flatMap((e: { payload: { images: unknown[] } }) => e.payload.images)).toHaveLength(written);
      expect(out.fullEvents).toContainEqual({ event: 'notice', payload: { level: 'error', message } });

      // The next, unrelated edit finishes the batch first and says so.
      expect(out.next.ok, JSON.stringify(out.next)).toBe(true);
      expect(out.grownAfterNext).toBe(200);
      const notice = out.nextEvents.find((e: { event: string }) => e.event === 'notice');
      expect(notice.payload.message).toMatch(/^Finished an interrupted edit \(entry 1\)/);
      expect(out.history.value.entries).toHaveLength(2);
      // Both undo cleanly: every caption holds its old bytes again.
      expect([out.undo1, out.undo2]).toEqual([true, true]);
      expect(out.restored).toBe(true);
      expect(out.otherAfterUndo).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
