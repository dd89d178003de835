// `tagsmith edit --replace-text` over 10,000 captions vs `find … | xargs sed -i` on an identical copy
// (issue 14, item 3). Speed is reported only as a ratio: both sides run alternately, several rounds,
// and their medians are compared, so the machine's noise hits both alike.
//
//   node --import tsx scripts/bench-edit-vs-sed.ts            (BENCH_ROUNDS=5, BENCH_COUNT=10000)
//
// The captions are left to age past the racy-timestamp window (2.5 s) before each round, as captions
// of a real dataset have: Tagsmith trusts an unchanged stat instead of re-reading a file only when
// its mtime is older than that window (see journal/transaction.ts). BENCH_FRESH=1 skips the wait, to
// measure the path where every file is re-read before its write. BENCH_BASELINE=<another checkout's
// bin/tagsmith> runs that build too, on another copy, for a before/after figure from the same run.
// A third side, bench-edit-floor.mjs, is the least a Node program does for the same edit with each file
// replaced atomically: the report says how much of Tagsmith's time Node and the file system cost anyway.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCaptionDataset } from '../test/helpers/dataset-fixture.ts';

const tagsmith = fileURLToPath(new URL('../bin/tagsmith', import.meta.url));
const floorScript = fileURLToPath(new URL('./bench-edit-floor.mjs', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const count = Number(process.env.BENCH_COUNT ?? 10_000);
const fresh = process.env.BENCH_FRESH === '1';
const baseline = process.env.BENCH_BASELINE;

function time(cmd: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return ms;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const work = mkdtempSync(join(tmpdir(), 'tagsmith-bench-edit-'));
try {
  // Warm the CLI's bundle cache once, outside the measurement.
  spawnSync(tagsmith, ['--help'], { stdio: 'ignore' });
  if (baseline) spawnSync(baseline, ['--help'], { stdio: 'ignore' });
  const ours: number[] = [];
  const sed: number[] = [];
  const floor: number[] = [];
  const base: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const a = join(work, `a-${round}`);
    const b = join(work, `b-${round}`);
    await makeCaptionDataset(a, { count, images: true });
    await makeCaptionDataset(b, { count, images: true });
    const c = join(work, `c-${round}`);
    if (baseline) await makeCaptionDataset(c, { count, images: true });
    const f = join(work, `f-${round}`);
    await makeCaptionDataset(f, { count, images: true });
    // Flush the fixtures' dirty pages, so their write-back does not land on whichever side runs first.
    spawnSync('sync');
    if (!fresh) await sleep(2500);
    const runOurs = () => ours.push(time(tagsmith, ['edit', a, '--replace-text', 'red=blue']));
    const runSed = () => sed.push(time('sh', ['-c', `find "${b}" -name '*.txt' -print0 | xargs -0 sed -i 's/red/blue/g'`]));
    const runBase = () => baseline && base.push(time(baseline, ['edit', c, '--replace-text', 'red=blue']));
    const runFloor = () => floor.push(time(process.execPath, [floorScript, f, 'red', 'blue']));
    // Alternate who goes first so cache warmth does not favour one side.
    const order = [runOurs, runSed, runFloor, runBase];
    for (let k = 0; k < order.length; k++) order[(k + round) % order.length]!();
    // Both sides must have done the same edit (spot check of the first caption).
    const first = 'img_000000.txt';
    if (readFileSync(join(a, first), 'utf8') !== readFileSync(join(b, first), 'utf8')) throw new Error('tagsmith and sed disagree');
    if (readFileSync(join(f, first), 'utf8') !== readFileSync(join(b, first), 'utf8')) throw new Error('the Node floor and sed disagree');
    const b0 = baseline ? `, baseline ${base.at(-1)!.toFixed(0)} ms` : '';
    console.log(`round ${round + 1}: tagsmith ${ours.at(-1)!.toFixed(0)} ms, sed ${sed.at(-1)!.toFixed(0)} ms, Node floor ${floor.at(-1)!.toFixed(0)} ms${b0}`);
    for (const d of [a, b, c, f]) rmSync(d, { recursive: true, force: true });
  }
  const o = median(ours);
  const s = median(sed);
  // Each round's pair ran back to back, so its ratio is the least disturbed by load that comes and goes.
  const paired = median(ours.map((t, i) => t / sed[i]!));
  console.log(
    `replace-text ${count.toLocaleString('en')} captions${fresh ? ' (fresh files)' : ''}: ${(o / s).toFixed(2)}x sed -i ` +
      `(tagsmith ${o.toFixed(0)} ms, sed ${s.toFixed(0)} ms, median of ${rounds}; median of paired ratios ${paired.toFixed(2)}x; goal <= 1.0x)`,
  );
  const pairedFloor = median(floor.map((t, i) => t / sed[i]!));
  console.log(
    `Node floor (bench-edit-floor.mjs: atomic replace, one thread, no journal): ${(median(floor) / s).toFixed(2)}x sed -i (${median(floor).toFixed(0)} ms; ` +
      `median of paired ratios ${pairedFloor.toFixed(2)}x); tagsmith ${(o / median(floor)).toFixed(2)}x the floor`,
  );
  if (baseline) {
    const pairedBase = median(base.map((t, i) => t / sed[i]!));
    console.log(`baseline ${baseline}: ${(median(base) / s).toFixed(2)}x sed -i (${median(base).toFixed(0)} ms; median of paired ratios ${pairedBase.toFixed(2)}x)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
