// Editor vs CLI for one batch over N caption/image pairs in ONE folder (issue 14: the editor must never
// be the slow way to run a batch). Ratios only, both sides run in the same process run on identical copies.
//   editor: a real Session with the watcher on + the handler map, `batch.apply` then `history.undo`,
//           each timed until its reply AND until the watcher's echo of the writes has been handled
//           (the main thread is idle again), since that echo is where the editor used to pay. It runs
//           bundled in a process of its own, as `tagsmith serve` does (bench-editor-side.ts).
//   CLI:    `tagsmith edit <copy> --replace-text red=blue`, then `tagsmith undo <copy>` (process start included).
// Usage: node --import tsx scripts/bench-editor-batch.ts [N] [rounds=3]
// Without N: 10,000 pairs (3 rounds), then 100,000 (2 rounds, each side first once: ~25 s a side per
// round), the two sizes in one run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCaptionDataset } from '../test/helpers/dataset-fixture.ts';

const tagsmith = fileURLToPath(new URL('../bin/tagsmith', import.meta.url));
const roundsArg = process.argv[3] ?? process.env.BENCH_ROUNDS;
const sizes: Array<[count: number, rounds: number]> =
  process.argv[2] !== undefined ? [[Number(process.argv[2]), Number(roundsArg ?? 3)]] : [[10_000, Number(roundsArg ?? 3)], [100_000, 2]];
/** The middle value; of an even count, the mean of the middle two (two rounds: both orders count alike). */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function timeCli(args: string[]): number {
  const start = now();
  const r = spawnSync(tagsmith, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`tagsmith ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return now() - start;
}

const loader = fileURLToPath(new URL('../bin/load-ts.cjs', import.meta.url));
type EditorRound = { apply: number; applySettled: number; undo: number; undoSettled: number; external: number; maxStallMs: number };

/** Runs `call` (an expression over the side's module `m`) in a process of its own, bundled as `tagsmith serve` runs. */
function editorSide(call: string): unknown {
  const code = `require(${JSON.stringify(loader)}).importTs('scripts/bench-editor-side.ts').then((m) => ${call}).then((r) => process.stdout.write(JSON.stringify(r ?? null)))`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`the editor's side failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const editorRound = (dir: string) => editorSide(`m.editorRound(${JSON.stringify(dir)})`) as EditorRound;

/** One size: both sides `rounds` times on fresh copies, then the medians' ratios. */
async function measure(count: number, rounds: number): Promise<void> {
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
        const r = editorRound(a);
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
    console.log(`  batch.apply until settled / CLI edit: ${ratio(rows.editor, rows.cli)}x  (${ms(rows.editor)} vs ${ms(rows.cli)}; reply alone ${ms(rows.editorReply)}, ${ratio(rows.editorReply, rows.cli)}x)`);
    console.log(`  history.undo until settled / CLI undo: ${ratio(rows.editorUndo, rows.cliUndo)}x  (${ms(rows.editorUndo)} vs ${ms(rows.cliUndo)}; reply alone ${ms(rows.editorUndoReply)}, ${ratio(rows.editorUndoReply, rows.cliUndo)}x)`);
    console.log(`  longest main-thread stall during apply and undo (other requests wait this long at most): ${ms(rows.stall)}`);
    console.log(`  'changed elsewhere' events caused by the editor's own writes: ${external}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

editorSide('null'); // builds the editor side's bundle, outside the measurement
for (const [count, rounds] of sizes) await measure(count, rounds);
