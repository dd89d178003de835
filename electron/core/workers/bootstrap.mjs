// Plain JS on purpose: a Worker started from vitest (or from compiled code) gets no TypeScript loader,
// so this file is the one entry every pool worker starts from. It installs tsx only when the real
// entry is TypeScript, then hands over to it.
import { workerData } from 'node:worker_threads';

const entry = workerData?.entry;
if (typeof entry !== 'string') {
  throw new Error('worker bootstrap: workerData.entry (a file URL string) is missing');
}

if (/\.[cm]?tsx?$/.test(new URL(entry).pathname)) {
  const { register } = await import('tsx/esm/api');
  register();
}

await import(entry);
