// The editor's side of bench-editor-batch.ts, run in a process of its own the way `tagsmith serve` runs
// (bin/load-ts.cjs: one bundled script, and bundled worker entries). Run from source through tsx, each
// worker thread of the batch (the planner's, the writers') first compiled its TypeScript, ~0.4 s a
// worker that the editor never pays.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { dispatch } from '../shared/contract/dispatch.ts';
import { createHandlers } from '../electron/core/handlers/index.ts';
import { Session } from '../electron/core/session/session.ts';

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves with the time the main thread was last busy, once it has stayed idle (timers firing on
 * time, no session event) for `idleMs`: the end of the watcher's work on our own writes.
 */
async function settledAt(lastEvent: () => number, idleMs = 1500): Promise<number> {
  let lastBusy = now();
  let tick = now();
  for (;;) {
    await sleep(20);
    const t = now();
    if (t - tick > 40) lastBusy = t; // a late timer: something held the thread
    tick = t;
    const busy = Math.max(lastBusy, lastEvent());
    if (t - busy > idleMs) return busy;
  }
}

export async function editorRound(dir: string): Promise<{ apply: number; applySettled: number; undo: number; undoSettled: number; external: number; maxStallMs: number }> {
  const session = await Session.open({ root: dir, watch: true, thumbnails: { cacheDir: join(dir, '..', 'thumbs') } });
  const handlers = createHandlers(session, { allowOpen: false, configFile: join(dir, '..', 'config.json'), exportRoot: null });
  let last = 0;
  let external = 0;
  session.on((event, payload) => {
    last = now();
    if (event === 'images.changed' && (payload as { source: string }).source === 'external') external++;
  });
  await sleep(500);
  const call = async (channel: string, payload: unknown) => {
    const r = (await dispatch(handlers, channel as never, payload)) as { ok: boolean; error?: { message: string } };
    if (!r.ok) throw new Error(`${channel}: ${r.error?.message}`);
  };
  // Responsiveness while the batch runs: the longest the main thread kept other requests waiting.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  try {
    let t0 = now();
    loop.enable();
    await call('batch.apply', { target: { kind: 'all' }, ops: [{ op: 'replaceText', find: 'red', replace: 'blue' }], label: 'bench' });
    const apply = now() - t0;
    // Settled includes the folder listing the batch leaves running after its reply (Dataset.settled).
    await session.dataset().settled();
    const applySettled = (await settledAt(() => last)) - t0;
    t0 = now();
    await call('history.undo', {});
    const undo = now() - t0;
    await session.dataset().settled();
    const undoSettled = (await settledAt(() => last)) - t0;
    loop.disable();
    return { apply, applySettled, undo, undoSettled, external, maxStallMs: loop.max / 1e6 };
  } finally {
    await session.close();
  }
}
