import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Dataset } from '../core/dataset/dataset.ts';
import { describeRecovery } from '../core/journal/recover.ts';
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
