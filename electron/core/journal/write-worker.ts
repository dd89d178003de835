// Worker entry for writeFiles' parallel path: checks and writes chunks of a batch's files, each file
// in one synchronous step exactly as the main thread does; started through the pool's bootstrap.
import { FileReader } from '../fs/file-reader.ts';
import { serveWorker } from '../workers/serve-worker.ts';
import { writeOne, type WriteItem, type WriteOutcome } from './write-one.ts';

export interface WriteJob {
  root: string;
  items: WriteItem[];
}

const reader = new FileReader();

serveWorker<WriteJob, WriteOutcome[]>(async ({ root, items }) => items.map((item) => writeOne(root, reader, item)));
