import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Dataset } from '../core/dataset/dataset.ts';
import type { RecoveryReport } from '../core/journal/recover.ts';
import { CliError } from './errors.ts';
import { progressBar } from './progress.ts';

/** Opens a dataset for a command, with a progress bar while captions are read and a note if a batch was recovered. */
export async function openDataset(dir: string): Promise<Dataset> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => null);
  if (!info) throw new CliError(`no such folder: ${dir}`);
  if (!info.isDirectory()) throw new CliError(`not a folder: ${dir}`);
  const progress = await progressBar();
  try {
    const dataset = await Dataset.open(root, { onProgress: progress });
    const recovery = dataset.recovery();
    if (recovery) process.stderr.write(`tagsmith: ${describeRecovery(recovery)}\n`);
    return dataset;
  } finally {
    progress.stop();
  }
}

function describeRecovery(r: RecoveryReport): string {
  const what = r.direction === 'apply' ? `"${r.label}"` : `the undo of "${r.label}"`;
  const conflicts = r.conflicts.length ? `; ${r.conflicts.length} file(s) changed by another program were left as they are: ${r.conflicts.map((c) => c.path).join(', ')}` : '';
  return `finished an interrupted batch, entry ${r.seq} ${what}: ${r.finished.length} file(s) completed, ${r.alreadyDone} already done${conflicts}`;
}
