// Started by pool.test.ts as `node --import tsx` (the way the app runs) to prove the bootstrap
// works there too, where the parent already has a TypeScript loader that workers inherit.
import { WorkerPool } from '../pool.ts';
import type { ScriptedRequest, ScriptedResponse } from './scripted-worker.ts';

const pool = new WorkerPool<ScriptedRequest, ScriptedResponse>({
  entry: new URL('./scripted-worker.ts', import.meta.url),
  size: 2,
  timeoutMs: 20_000,
  name: 'under-tsx',
});
const results = await Promise.all([
  pool.run({ op: 'echo', value: 'a' }),
  pool.run({ op: 'fail', kind: 'custom', message: 'nope' }),
]);
await pool.close();
process.stdout.write(JSON.stringify(results.map((r) => (r.ok ? { ok: true, value: r.value.value } : r))));
