import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';
import type * as WorkerThreads from 'node:worker_threads';

// Built-in modules that only some commands need, loaded at their first use instead of at start:
// each costs milliseconds to load (crypto ~6 ms, worker_threads ~4 ms), and `tagsmith stats` or
// `--help` must start within 2x of a bare `node`. A require of a built-in is synchronous, so the
// synchronous code that uses them stays synchronous.
const require = createRequire(import.meta.url);

export const nodeCrypto = (): typeof Crypto => require('node:crypto');
export const workerThreads = (): typeof WorkerThreads => require('node:worker_threads');
