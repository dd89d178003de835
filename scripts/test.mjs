// `npm test`: type-check, lint, unit + integration tests (vitest), then one summary line
// `N passed, N failed` over all of them (CI reads that line). Exit code is non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from './summary.mjs';

const out = 'test-results';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const extra = process.argv.slice(2);

function step(name, cmd, args) {
  console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return { name, ok: r.status === 0 };
}

const checks = [];
if (extra.length === 0) {
  checks.push(step('typecheck', 'npx', ['tsc', '-b']));
  checks.push(step('lint', 'npx', ['eslint', '.']));
}
writeFileSync(join(out, 'checks.json'), JSON.stringify(checks));
const vitest = step('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, 'vitest.json')}`, ...extra]);

// End-to-end: the real UI in Debian's Chromium against `tagsmith serve` (web mode).
const e2e = extra.length === 0 ? step('e2e', 'npx', ['playwright', 'test']) : { ok: true };

const { passed, failed } = summarize(out);
console.log(`${passed} passed, ${failed} failed`);
process.exit(vitest.ok && e2e.ok && checks.every((c) => c.ok) && failed === 0 ? 0 : 1);
