// Test-only thumbnail worker: the real renderer, except for files whose names ask for trouble.
import fs from 'node:fs';
import path from 'node:path';
import { serveWorker } from '../../workers/serve-worker.ts';
import { renderThumbnail } from '../render.ts';
import type { RenderRequest, RenderResult } from '../render.ts';

serveWorker<RenderRequest, RenderResult>(async (req) => {
  const name = path.basename(req.src);
  if (name.startsWith('crash-me')) process.exit(1);
  if (name.startsWith('hang-me')) return new Promise<never>(() => undefined);
  // Lets a test count how many times a source was really rendered.
  if (name.startsWith('count-me')) fs.appendFileSync(`${req.src}.renders`, 'x\n');
  // Lets a test see the order in which sources were rendered.
  if (name.startsWith('log-me')) fs.appendFileSync(path.join(path.dirname(req.src), 'order.log'), `${name}\n`);
  return renderThumbnail(req);
});
