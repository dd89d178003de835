/*
 * Run by disk-full.test.ts inside its own mount namespace, on a small tmpfs mounted at argv[2]: a real
 * session edits a real dataset until the disk is full, then, with space freed, edits again. Prints one
 * JSON line with what the handlers answered, the events every client heard and the files on disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../../shared/contract/dispatch.ts';
import { createHandlers } from '../handlers/index.ts';
import { Session } from './session.ts';

const root = process.argv[2]!;
const COUNT = 200;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const captionOf = (i: number) => `tag${i}, ${'x'.repeat(400)}\n`;
for (let i = 0; i < COUNT; i++) {
  const name = `img_${String(i).padStart(3, '0')}`;
  fs.writeFileSync(path.join(root, `${name}.png`), PNG);
  fs.writeFileSync(path.join(root, `${name}.txt`), captionOf(i));
}
// Uncaptioned: the batch leaves it alone, so captioning it later is an unrelated edit.
fs.writeFileSync(path.join(root, 'other.png'), PNG);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tagsmith-diskfull-'));
const session = await Session.open({ root, watch: false, thumbnails: { cacheDir: scratch }, coalesce: { quietMs: 10, maxWaitMs: 50 } });
const events: Array<{ event: string; payload: unknown }> = [];
session.on((event, payload) => events.push({ event, payload }));
const handlers = createHandlers(session, { allowOpen: false, configFile: path.join(scratch, 'config.json') });
const call = (channel: string, payload: unknown) => dispatch(handlers, channel, payload);

// Each caption grows from one page to two: the journal entry (every before and after) still fits,
// about half the captions do, and then the entry rewritten without the failed files does not.
const big = 'y'.repeat(5000);
const { bavail, bsize } = fs.statfsSync(root);
const entryBytes = COUNT * (400 + 5000 + 200);
const filler = path.join(root, 'filler.bin');
fs.writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - entryBytes - 4096 * (COUNT / 2))));

const full = await call('batch.apply', { target: { kind: 'all' }, ops: [{ op: 'add', tags: [big] }] });
const fullEvents = events.splice(0);
const onDisk = () => {
  let grown = 0;
  for (let i = 0; i < COUNT; i++) {
    const text = fs.readFileSync(path.join(root, `img_${String(i).padStart(3, '0')}.txt`), 'utf8');
    if (text.includes(big)) grown++;
    else if (text !== captionOf(i)) throw new Error(`img_${i}.txt holds neither its old nor its new text`);
  }
  return grown;
};
const grownAfterFull = onDisk();

fs.rmSync(filler);
const next = await call('caption.save', { id: 'other.png', before: null, after: 'other\n' });
const nextEvents = events.splice(0);
const grownAfterNext = onDisk();
const history = await call('history.get', {});
const undo1 = await call('history.undo', {});
const undo2 = await call('history.undo', {});
const restored = Array.from({ length: COUNT }, (_, i) => fs.readFileSync(path.join(root, `img_${String(i).padStart(3, '0')}.txt`), 'utf8') === captionOf(i)).every(Boolean);

const otherAfterUndo = fs.existsSync(path.join(root, 'other.txt'));
await session.close();
fs.rmSync(scratch, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ full, fullEvents, grownAfterFull, next, nextEvents, grownAfterNext, history, undo1: undo1.ok, undo2: undo2.ok, restored, otherAfterUndo })}\n`);
