// The least a Node program does for `sed -i 's/FROM/TO/g'` over a folder's .txt files, kept atomic as
// Tagsmith keeps each file: per file one lstat (the mode to keep), one read, the replace, a temp file
// in the same folder, a rename over the original. One thread, no journal, no checks, no undo.
// bench-edit-vs-sed.ts runs it beside `tagsmith edit` and `sed -i`: what Node and the file system
// cost for this edit at the least, so the report separates that from what Tagsmith's safety adds.
//   node scripts/bench-edit-floor.mjs <dir> <from> <to>
import fs from 'node:fs';
import path from 'node:path';

const [dir, from, to] = process.argv.slice(2);
let n = 0;
for (const name of fs.readdirSync(dir)) {
  if (!name.endsWith('.txt')) continue;
  const file = path.join(dir, name);
  const { mode } = fs.lstatSync(file);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) continue;
  const tmp = path.join(dir, `.${name}.floor-${process.pid}-${n++}.tmp`);
  const fd = fs.openSync(tmp, 'wx', mode & 0o7777);
  try {
    fs.writeSync(fd, text.split(from).join(to));
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
