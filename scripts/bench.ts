// `npm run bench`: speed as ratios against GNU tools run side by side on identical copies, never as
// absolute timings (machines here are noisy). Each pair runs alternately, several rounds; medians compared.
//   1. batch --replace-text over 10,000 caption files (atomic, journaled) vs `sed -i` on a copy
//   2. open + index 100,000 images with captions (`tagsmith stats`) vs `cat` of every caption
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCaptionDataset } from '../test/helpers/dataset-fixture.ts';

const tagsmith = fileURLToPath(new URL('../bin/tagsmith', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

function time(cmd: string, args: string[], opts: { shell?: boolean } = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], shell: opts.shell ?? false });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return ms;
}
// Flush the fixtures' dirty pages first, so their write-back does not land on whichever side runs first.
const settle = () => spawnSync('sync');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function benchReplace(work: string) {
  const ours: number[] = [];
  const sed: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const a = join(work, `replace-a-${round}`);
    const b = join(work, `replace-b-${round}`);
    await makeCaptionDataset(a, { count: 10_000, images: true });
    await makeCaptionDataset(b, { count: 10_000, images: true });
    settle();
    const [from, to] = ['red', 'blue'];
    // Alternate who goes first so cache warmth does not favour one side.
    const runOurs = () => ours.push(time(tagsmith, ['edit', a, '--replace-text', `${from}=${to}`]));
    const runSed = () => sed.push(time('sh', ['-c', `find "${b}" -name '*.txt' -print0 | xargs -0 sed -i 's/${from}/${to}/g'`]));
    if (round % 2 === 0) { runOurs(); runSed(); } else { runSed(); runOurs(); }
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
  return { ours: median(ours), reference: median(sed) };
}

async function benchIndex(work: string) {
  const dir = join(work, 'index');
  await makeCaptionDataset(dir, { count: 100_000, images: true, perFolder: 5_000 });
  settle();
  const ours: number[] = [];
  const cat: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const runOurs = () => ours.push(time(tagsmith, ['stats', dir, '--json']));
    const runCat = () => cat.push(time('sh', ['-c', `find "${dir}" -name '*.txt' -print0 | xargs -0 cat > /dev/null`]));
    if (round % 2 === 0) { runOurs(); runCat(); } else { runCat(); runOurs(); }
  }
  return { ours: median(ours), reference: median(cat) };
}

const work = mkdtempSync(join(tmpdir(), 'tagsmith-bench-'));
try {
  const line = (name: string, r: { ours: number; reference: number }, ref: string, goal: string) =>
    console.log(`${name}: ${(r.ours / r.reference).toFixed(2)}x ${ref} (tagsmith ${r.ours.toFixed(0)} ms, ${ref} ${r.reference.toFixed(0)} ms, median of ${rounds}; goal ${goal})`);
  line('replace-text 10,000 captions', await benchReplace(work), 'sed -i', '<= 1.0x, at worst 1.5x');
  line('open + index 100,000 images', await benchIndex(work), 'cat', '<= 3x');
} finally {
  rmSync(work, { recursive: true, force: true });
}
