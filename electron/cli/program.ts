import { Command } from 'commander';
import { QUERY_HELP } from '../../shared/query/index.ts';
import { registerAutoCaption } from './commands/autocaption.ts';
import { registerCheck } from './commands/check.ts';
import { registerEdit } from './commands/edit.ts';
import { registerExport } from './commands/export.ts';
import { registerJournal } from './commands/journal.ts';
import { registerLint } from './commands/lint.ts';
import { registerServe } from './commands/serve.ts';
import { registerStats } from './commands/stats.ts';

/** The `tagsmith` command tree. Commands are thin: they parse flags, call core/, and print. */
export function createProgram(): Command {
  const program = new Command('tagsmith')
    .description('Caption editor for LoRA training datasets: images with sidecar caption files')
    .option('--debug', 'print stack traces on errors')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'tagsmith: ')) });

  registerStats(program);
  registerEdit(program);
  registerJournal(program);
  registerAutoCaption(program);
  registerServe(program);
  registerExport(program);
  registerLint(program);
  registerCheck(program);

  program.command('help-query').description('explain the --filter query language').action(() => {
    process.stdout.write(`${QUERY_HELP}\n`);
  });
  // Subcommands inherit exit handling and error output, so usage errors everywhere exit with 2.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'tagsmith: ')) });
  }
  return program;
}
