// Sums the suites of one test run into `N passed, N failed`: vitest's JSON report, Playwright's JSON
// report when present, and one check each for the type-check and lint steps.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function summarize(dir) {
  let passed = 0;
  let failed = 0;
  const read = (name) => {
    const file = join(dir, name);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  };
  for (const check of read("checks.json") ?? []) {
    if (check.ok) passed++;
    else failed++;
  }
  const vitest = read('vitest.json');
  if (vitest) {
    passed += vitest.numPassedTests;
    failed += vitest.numFailedTests;
    // A test file that failed to load ran no test but is still a failure.
    failed += (vitest.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
  } else {
    failed += 1; // vitest wrote no report: it crashed
  }
  const e2e = read('e2e.json');
  if (e2e?.stats) {
    passed += e2e.stats.expected ?? 0;
    failed += (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
  }
  if (passed + failed === 0) failed = 1; // nothing ran: not a pass
  return { passed, failed };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { passed, failed } = summarize(process.argv[2] ?? 'test-results');
  console.log(`${passed} passed, ${failed} failed`);
}
