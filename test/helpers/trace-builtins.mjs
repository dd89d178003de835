// `node --import ./test/helpers/trace-builtins.mjs <script>`: at exit, writes every public built-in
// module the process loaded (through import or require) to the file named by TAGSMITH_TRACE_FILE, one
// per line. Apart from trace-modules.mjs, whose loader hooks load worker_threads themselves.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.TAGSMITH_TRACE_FILE;
  if (!file) return;
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ') && !m.includes('internal/'));
  writeFileSync(file, `${builtins.map((m) => m.slice('NativeModule '.length)).join('\n')}\n`);
});
