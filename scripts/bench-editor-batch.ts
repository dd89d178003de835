// Editor vs CLI for one batch over N caption/image pairs in ONE folder (issue 14: the editor must never
// be the slow way to run a batch). Ratios only, both sides run in the same process run on identical copies.
//   editor: a real Session with the watcher on + the handler map, `batch.apply` then `history.undo`,
//           each timed until its reply AND until the watcher's echo of the writes has been handled
//           (the main thread is idle again), since that echo is where the editor used to pay.
//   CLI:    `tagsmith edit <copy> --replace-text red=blue`, then `tagsmith undo <copy>` (process start included).
// Usage: node --import tsx scripts/bench-editor-batch.ts [N=10000] [rounds=3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dispatch } from '../shared/contract/dispatch.ts';
import { createHandlers } from '../electron/core/handlers/index.ts';
import { Session } from '../electron/core/session/session.ts';
import { makeCaptionDataset } from '../test/helpers/dataset-fixture.ts';

const tagsmith = fileURLToPath(new URL('../bin/tagsmith', import.meta.url));
const count = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function timeCli(args: string[]): number {
  const start = now();
  const r = spawnSync(tagsmith, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`tagsmith ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return now() - start;
}

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

async function editorRound(dir: string): Promise<{ apply: number; applySettled: number; undo: number; undoSettled: number; external: number; maxStallMs: number }> {
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
    const applySettled = (await settledAt(() => last)) - t0;
    t0 = now();
    await call('history.undo', {});
    const undo = now() - t0;
    const undoSettled = (await settledAt(() => last)) - t0;
    loop.disable();
    return { apply, applySettled, undo, undoSettled, external, maxStallMs: loop.max / 1e6 };
  } finally {
    await session.close();
  }
}

const work = mkdtempSync(join(tmpdir(), 'tagsmith-bench-editor-'));
try {
  const rows = { editor: [] as number[], editorUndo: [] as number[], editorReply: [] as number[], editorUndoReply: [] as number[], cli: [] as number[], cliUndo: [] as number[], stall: [] as number[] };
  let external = 0;
  for (let round = 0; round < rounds; round++) {
    const a = join(work, `editor-${round}`, 'ds');
    const b = join(work, `cli-${round}`, 'ds');
    await makeCaptionDataset(a, { count, images: true });
    await makeCaptionDataset(b, { count, images: true });
    spawnSync('sync');
    // Captions of a real dataset are older than the racy-timestamp window (2.5 s, journal/transaction.ts),
    // so a batch may trust their unchanged stat instead of re-reading them: let both copies age past it,
    // or whichever side runs first re-reads every file and the other does not.
    await sleep(2600);
    const runEditor = async () => {
      const r = await editorRound(a);
      rows.editor.push(r.applySettled);
      rows.editorReply.push(r.apply);
      rows.editorUndo.push(r.undoSettled);
      rows.editorUndoReply.push(r.undo);
      external += r.external;
      rows.stall.push(r.maxStallMs);
    };
    const runCli = () => {
      rows.cli.push(timeCli(['edit', b, '--replace-text', 'red=blue']));
      rows.cliUndo.push(timeCli(['undo', b]));
    };
    // Alternate who goes first so cache warmth does not favour one side.
    if (round % 2 === 0) {
      await runEditor();
      runCli();
    } else {
      runCli();
      await runEditor();
    }
    rmSync(join(work, `editor-${round}`), { recursive: true, force: true });
    rmSync(join(work, `cli-${round}`), { recursive: true, force: true });
  }
  const ratio = (x: number[], y: number[]) => (median(x) / median(y)).toFixed(2);
  const ms = (x: number[]) => `${Math.round(median(x))} ms`;
  // Figures from one run only: other work on the machine moves both sides, the ratio less so.
  console.log(`editor batch vs CLI, ${count} pairs in one folder, ${rounds} round(s), medians:`);
  console.log(`  batch.apply until settled / CLI edit: ${ratio(rows.editor, rows.cli)}x  (${ms(rows.editor)} vs ${ms(rows.cli)}; reply alone ${ms(rows.editorReply)})`);
  console.log(`  history.undo until settled / CLI undo: ${ratio(rows.editorUndo, rows.cliUndo)}x  (${ms(rows.editorUndo)} vs ${ms(rows.cliUndo)}; reply alone ${ms(rows.editorUndoReply)})`);
  console.log(`  longest main-thread stall during apply and undo (other requests wait this long at most): ${ms(rows.stall)}`);
  console.log(`  'changed elsewhere' events caused by the editor's own writes: ${external}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
