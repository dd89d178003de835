// Test-only worker entry in plain JS: proves the bootstrap leaves non-TypeScript entries alone.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (msg) => {
  parentPort.postMessage({ seq: msg.seq, ok: true, value: { plain: true, got: msg.req } });
});
