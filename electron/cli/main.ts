import { CommanderError } from 'commander';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './errors.ts';
import { createProgram } from './program.ts';

/** Runs one CLI invocation and returns its exit code; errors become one line on stderr (stack with --debug). */
export async function run(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = await createProgram(argv);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_OK;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are "errors" to commander; everything else it raises is a usage error it already printed.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (e instanceof CliError) {
      process.stderr.write(`tagsmith: ${e.message}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    const error = e as NodeJS.ErrnoException;
    process.stderr.write(`tagsmith: ${oneLine(error)}\n`);
    if (debug) process.stderr.write(`${error.stack}\n`);
    return EXIT_FAILED;
  }
}

function oneLine(error: NodeJS.ErrnoException): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? 'unknown error';
}
