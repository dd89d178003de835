/**
 * One racer of the multi-process lock stress test (lock.test.ts), run as
 * `node --import tsx lock-stress-worker.ts <tagsmithDir> <log> <rounds> <deadPid>`.
 * Prints "ready", waits for a line on stdin so all racers start together, then each round: takes the
 * lock, appends "enter <pid>" to the shared log, bumps a counter file by read-sleep-write (two holders
 * at once lose an update), appends "exit <pid>", and then either releases the lock or abandons it,
 * replacing it with a lock naming a dead pid, as a holder killed mid-edit would leave it. So every
 * other round the waiters race to take over a stale lock.
 * TAGSMITH_LOCK_MODULE points it at another implementation, to check that the test catches a racy one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as LockModule from './lock.ts';

const [dir, log, roundsArg, deadPidArg] = process.argv.slice(2);
if (!dir || !log || !roundsArg || !deadPidArg) throw new Error('usage: lock-stress-worker <tagsmithDir> <log> <rounds> <deadPid>');
const override = process.env.TAGSMITH_LOCK_MODULE;
const { acquireLock } = (await import(override ? pathToFileURL(override).href : './lock.ts')) as typeof LockModule;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const counter = path.join(dir, '..', 'counter');

process.stdout.write('ready\n');
await new Promise((r) => process.stdin.once('data', r));
process.stdin.pause();

for (let round = 0; round < Number(roundsArg); round++) {
  const lock = await acquireLock(dir, { waitMs: 30_000 });
  if (!lock.ok) {
    process.stderr.write(`${process.pid}: ${lock.error.message}\n`);
    process.exit(2);
  }
  fs.appendFileSync(log, `enter ${process.pid}\n`);
  const n = Number(fs.readFileSync(counter, 'utf8'));
  await sleep(1 + Math.random() * 3);
  fs.writeFileSync(counter, String(n + 1));
  fs.appendFileSync(log, `exit ${process.pid}\n`);
  if (round % 2 === 0) {
    await lock.value.release();
  } else {
    const stale = path.join(dir, `abandon-${process.pid}`);
    fs.writeFileSync(stale, `${deadPidArg}\n${crypto.randomBytes(8).toString('hex')}\n${os.hostname()}\n`);
    fs.renameSync(stale, path.join(dir, 'lock'));
  }
}
