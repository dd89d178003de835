// `node --import ./test/helpers/trace-modules.mjs <script>`: appends the URL of every module the
// script imports (ESM resolution, which is how the CLI's bundle reaches every package) to the file named
// by TAGSMITH_TRACE_FILE, one per line. Tests use it to check what a command loads.
import { register } from 'node:module';

register('./trace-modules-hooks.mjs', import.meta.url);
