// `node --import ./test/helpers/trace-modules.mjs <script>`: appends every module the script loads to
// the file named by TAGSMITH_TRACE_FILE, one per line: the URL of each ES module import (through loader
// hooks) and, at exit, the path of each CommonJS file required (the CLI's script requires its packages).
// Tests use it to check what a command loads.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

register('./trace-modules-hooks.mjs', import.meta.url);

const requireCache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const file = process.env.TAGSMITH_TRACE_FILE;
  if (file) appendFileSync(file, Object.keys(requireCache).map((path) => `${path}\n`).join(''));
});
