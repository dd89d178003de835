// CLI start-up as a ratio to `node -e 0` (issue 14: `--help`, `stats`, `edit` on a small dataset within
// 2x). The commands and the reference run alternately, in a rotating order, and medians are compared, so
// load from other processes on the machine hits every side alike. Run: node --import tsx scripts/bench-cli-start.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCaptionDataset } from '../test/helpers/dataset-fixture.ts';

const tagsmith = fileURLToPath(new URL('../bin/tagsmith', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(cmd: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}: ${r.stderr?.toString()}`);
  return ms;
}

const work = mkdtempSync(join(tmpdir(), 'tagsmith-bench-start-'));
try {
  const dir = join(work, 'ten');
  await makeCaptionDataset(dir, { count: 10, images: true });
  const cases: [string, string, string[]][] = [
    ['node -e 0', process.execPath, ['-e', '0']],
    ['tagsmith --help', tagsmith, ['--help']],
    ['tagsmith stats <10 images>', tagsmith, ['stats', dir]],
    ['tagsmith edit <10 images> --dry-run', tagsmith, ['edit', dir, '--dry-run', '--add', 'bench_tag', '--replace-text', 'red=blue']],
  ];
  // One untimed pass: builds the CLI's bundle if a source changed, and warms the page cache.
  for (const [, cmd, args] of cases) time(cmd, args);
  const times = cases.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (k + round) % cases.length;
      const [, cmd, args] = cases[i]!;
      times[i]!.push(time(cmd, args));
    }
  }
  const reference = median(times[0]!);
  console.log(`CLI start-up, median of ${rounds} alternating runs (goal: <= 2.0x node -e 0)`);
  for (const [i, [label]] of cases.entries()) {
    const m = median(times[i]!);
    console.log(`  ${label.padEnd(38)} ${(m / reference).toFixed(2)}x node -e 0   (${m.toFixed(0)} ms)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
