import { Command, Help } from 'commander';

/**
 * Every command, and the module that defines it. A run loads only the module of the command it runs
 * (`tagsmith stats` never loads the tagger's, the LLM clients' or the server's code, nor the packages
 * they use), so start-up stays close to Node's own; `tagsmith --help` loads none. The other commands
 * are listed by the name, usage and summary written here, which a test checks against the modules.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'stats', term: 'stats [options] <dir>', summary: 'count images, captions, orphans, reviewed images and tag frequencies', load: async () => (await import('./commands/stats.ts')).registerStats },
  { name: 'edit', term: 'edit [options] <dir>', summary: 'apply tag operations to many captions as one undoable step', load: async () => (await import('./commands/edit.ts')).registerEdit },
  { name: 'undo', term: 'undo [options] <dir>', summary: 'revert the last edit (single or batch) of the dataset', load: loadJournal },
  { name: 'redo', term: 'redo [options] <dir>', summary: 're-apply the last undone edit', load: loadJournal },
  { name: 'history', term: 'history [options] <dir>', summary: 'list the journal: every edit, newest last; * marks the current state', load: loadJournal },
  { name: 'tag', term: 'tag [options] <dir>', summary: 'tag images with a WD14 tagger (one undoable step; resumable)', load: loadAutoCaption },
  { name: 'caption', term: 'caption [options] <dir>', summary: 'tag, then describe each image with a vision LLM, merged into one line (one undoable step; resumable)', load: loadAutoCaption },
  { name: 'serve', term: 'serve [options] <dir>', summary: 'serve the editor to a browser on this machine (token-protected; prints the address)', load: async () => (await import('./commands/serve.ts')).registerServe },
  { name: 'export', term: 'export [options] <dir>', summary: 'copy the captioned images and their captions to a new folder laid out for a trainer, with its config file', load: loadExport },
  { name: 'trainer-config', term: 'trainer-config [options] <dir>', summary: 'print the trainer config for training on the dataset folder as it is', load: loadExport },
  { name: 'lint', term: 'lint [options] <dir>', summary: 'check caption quality: identical or generic captions, missing trigger words and tag groups, duplicate pictures...', load: async () => (await import('./commands/lint.ts')).registerLint },
  { name: 'check', term: 'check [options] <dir>', summary: 'before training: which images a trainer loads in place, the text it trains on, and what stops or misleads it', load: async () => (await import('./commands/check.ts')).registerCheck },
  { name: 'help-query', term: 'help-query', summary: 'explain the --filter query language', load: async () => registerHelpQuery },
];

export interface CommandEntry {
  name: string;
  /** How `--help` lists it: name, `[options]` when it has any, arguments. */
  term: string;
  summary: string;
  /** Registers this command (and any other the same module defines) on the program. */
  load: () => Promise<(program: Command) => void>;
}

async function loadJournal() {
  return (await import('./commands/journal.ts')).registerJournal;
}
async function loadAutoCaption() {
  return (await import('./commands/autocaption.ts')).registerAutoCaption;
}
async function loadExport() {
  return (await import('./commands/export.ts')).registerExport;
}

function registerHelpQuery(program: Command): void {
  program.command('help-query').description('explain the --filter query language').action(async () => {
    const { QUERY_HELP } = await import('../../shared/query/index.ts');
    process.stdout.write(`${QUERY_HELP}\n`);
  });
}

/** The command `argv` runs (`help <command>` counts as that command), or undefined for the program's own help. */
export function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/**
 * The `tagsmith` command tree for `argv`: the command it runs fully defined, every other one as a
 * listing (name and summary) for help and "did you mean". Commands are thin: they parse flags, call
 * core/ (imported inside their actions), and print.
 */
export async function createProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('tagsmith')
    .description('Caption editor for LoRA training datasets: images with sidecar caption files')
    .option('--debug', 'print stack traces on errors')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'tagsmith: ')) });

  const wanted = requestedCommand(argv);
  const loaded = wanted ? await wanted.load() : undefined;
  if (loaded) loaded(program);
  const terms = new Map<string, string>();
  for (const entry of COMMANDS) {
    if (program.commands.some((c) => c.name() === entry.name)) continue;
    program.command(entry.name).description(entry.summary);
    terms.set(entry.name, entry.term);
  }
  // Keep the listing in the order of COMMANDS whichever module was loaded.
  const order = new Map(COMMANDS.map((c, i) => [c.name, i]));
  (program.commands as Command[]).sort((a, b) => (order.get(a.name()) ?? 0) - (order.get(b.name()) ?? 0));
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? Help.prototype.subcommandTerm.call(program.createHelp(), cmd) });

  // Subcommands inherit exit handling and error output, so usage errors everywhere exit with 2.
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'tagsmith: ')) });
  }
  return program;
}
