// `npm start`. Until the editor UI lands (next issue), start shows the CLI and the bundled sample dataset.
import { fileURLToPath } from 'node:url';
import { importTs } from './load-ts.mjs';

const { run } = await importTs('electron/cli/main.ts');
const sample = fileURLToPath(new URL('../sample', import.meta.url));
console.log('Tagsmith: the editor window arrives with the UI; here is the command line and the sample dataset.\n');
await run(['--help']);
console.log(`\n$ tagsmith stats ${sample}`);
process.exitCode = await run(['stats', sample]);
