import type { Command } from 'commander';
import { CliError } from '../errors.ts';

// The dataset code loads when a command runs, not for `--help` or another command (see program.ts).
const openDataset = async (dir: string) => (await import('../open.ts')).openDataset(dir);

export function registerJournal(program: Command): void {
  for (const direction of ['undo', 'redo'] as const) {
    program
      .command(direction)
      .description(direction === 'undo' ? 'revert the last edit (single or batch) of the dataset' : 're-apply the last undone edit')
      .argument('<dir>', 'dataset folder')
      .option('--json', 'print JSON')
      .action(async (dir: string, opts: { json?: boolean }) => {
        const dataset = await openDataset(dir);
        const result = await dataset[direction]();
        if (!result.ok) throw new CliError(result.error.message);
        const { entry, written } = result.value;
        if (opts.json) process.stdout.write(`${JSON.stringify(result.value, null, 2)}\n`);
        else process.stdout.write(`${direction === 'undo' ? 'undid' : 'redid'} ${entry ? `${entry.id} "${entry.label}"` : 'nothing'}: ${written} caption(s) restored\n`);
      });
  }

  program
    .command('history')
    .description('list the journal: every edit, newest last; * marks the current state')
    .argument('<dir>', 'dataset folder')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const dataset = await openDataset(dir);
      const history = dataset.history();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(history, null, 2)}\n`);
        return;
      }
      if (history.entries.length === 0) {
        process.stdout.write('no edits recorded\n');
        return;
      }
      for (const e of history.entries) {
        const mark = e.seq === history.head ? '*' : ' ';
        const state = e.applied ? '' : '  (undone)';
        process.stdout.write(`${mark} ${e.id}  ${e.time}  ${e.files} file(s)  ${e.label}${state}\n`);
      }
    });
}
