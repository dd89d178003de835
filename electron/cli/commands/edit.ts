import type { Command } from 'commander';
import type { EditPlan } from '../../core/editing/plan.ts';
import { splitFirstLine } from '../../../shared/caption/index.ts';
import { compileQuery, formatQueryError } from '../../../shared/query/index.ts';
import { addOpOptions, finishOps } from '../edit-ops.ts';
import type { TagOp } from '../../../shared/tags/index.ts';
import { CliError, usageError } from '../errors.ts';
import { progressBar } from '../progress.ts';

interface EditFlags { filter?: string; dryRun?: boolean; json?: boolean; regex?: boolean; ignoreCase?: boolean; createMissing?: boolean }

export function registerEdit(program: Command): void {
  const command = program
    .command('edit')
    .description('apply tag operations to many captions as one undoable step')
    .argument('<dir>', 'dataset folder')
    .option('--filter <query>', 'only images matching this query (see `tagsmith help query`)')
    .option('--dry-run', 'show before/after and write nothing')
    .option('--create-missing', 'also create captions for images that have none (left alone by default)')
    .option('--json', 'print JSON');
  const ops = addOpOptions(command);
  command.addHelpText('after', '\nOperations run in the order given; all of them are one journal entry (one undo).');
  command.action(async (dir: string, flags: EditFlags) => {
    // The editing code loads when the command runs, not for `--help` or another command (see program.ts).
    const [{ applyEdit }, { describeOps }, { planEdit }, { BatchPlanner }, { openDataset }] = await Promise.all([
      import('../../core/editing/apply.ts'),
      import('../../core/editing/describe.ts'),
      import('../../core/editing/plan.ts'),
      import('../../core/editing/planner.ts'),
      import('../open.ts'),
    ]);
    const list = finishOps(ops(), flags);
    if (list.length === 0) throw usageError('edit: give at least one operation (--add, --remove, --replace, ...)');
    const label = describeOps(list);
    // A bad query is a usage error: report it (with a caret under the position) before touching the dataset.
    const query = compileQuery(flags.filter ?? '');
    if (!query.ok) throw usageError(formatQueryError(flags.filter ?? '', query.error));
    // Even a caption past the planner's worker limit is planned on this thread: the CLI serves no one
    // else meanwhile, so a worker would only add its start (see PlannerOptions.onThisThread).
    const planner = new BatchPlanner({ onThisThread: true });
    const dataset = await openDataset(dir);

    if (flags.dryRun) {
      const plan = await planEdit(dataset, { filter: flags.filter, ops: list, createMissing: flags.createMissing }, planner);
      if (!plan.ok) throw new CliError(plan.error.message);
      process.stdout.write(flags.json ? `${JSON.stringify(dryRunJson(plan.value), null, 2)}\n` : formatPreview(plan.value));
      if (!flags.json) noteUncaptioned(plan.value, list, flags);
      return;
    }
    const progress = await progressBar();
    const result = await applyEdit(dataset, { filter: flags.filter, ops: list, label, createMissing: flags.createMissing, onProgress: progress }, planner).finally(() => progress.stop());
    if (!result.ok) throw new CliError(result.error.message);
    const { entry, written, conflicts, plan } = result.value;
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ selected: plan.selected, changed: written, entry, conflicts, refused: plan.refused, triggerWords: plan.triggerWords }, null, 2)}\n`);
    } else {
      const id = entry ? ` (journal entry ${entry.id}; undo with: tagsmith undo)` : '';
      process.stdout.write(`${written} of ${plan.selected} captions changed${id}\n`);
      if (plan.triggerWordsChanged) process.stdout.write(`trigger words: ${plan.triggerWords.join(', ')}\n`);
      for (const c of conflicts) process.stderr.write(`conflict: ${c.path}: ${c.reason} (left as it is)\n`);
      for (const r of plan.refused) process.stderr.write(`skipped: ${r.path}: ${r.reason}\n`);
      noteUncaptioned(plan, list, flags);
    }
    if (conflicts.length > 0) throw new CliError(`${conflicts.length} caption(s) changed on disk by another program were not overwritten`);
  });
}

/** Adding to "every caption" leaves uncaptioned images alone; say so, and how to include them. */
function noteUncaptioned(plan: EditPlan, ops: readonly TagOp[], flags: EditFlags): void {
  const adds = ops.some((op) => op.op === 'add' || op.op === 'trigger');
  if (!adds || flags.createMissing || plan.uncaptioned === 0) return;
  process.stderr.write(`${plan.uncaptioned} image(s) without a caption left alone (--create-missing creates theirs)\n`);
}

function dryRunJson(plan: EditPlan) {
  return {
    selected: plan.selected,
    uncaptioned: plan.uncaptioned,
    changed: plan.changes.length,
    triggerWords: plan.triggerWords,
    refused: plan.refused,
    changes: plan.changes.map((c) => ({ path: c.captionRelPath, before: c.before, after: c.after })),
  };
}

function formatPreview(plan: EditPlan): string {
  const out: string[] = [];
  for (const c of plan.changes) {
    const after = c.after === null ? '(left blank: caption file removed)' : firstLineOf(c.after);
    out.push(c.captionRelPath, `  - ${firstLineOf(c.before)}`, `  + ${after}`);
  }
  for (const r of plan.refused) out.push(`skipped: ${r.path}: ${r.reason}`);
  out.push(`dry run: ${plan.changes.length} of ${plan.selected} captions would change; nothing written`);
  if (plan.triggerWordsChanged) out.push(`trigger words would become: ${plan.triggerWords.join(', ')}`);
  return `${out.join('\n')}\n`;
}

function firstLineOf(text: string | null): string {
  return text === null ? '(no caption file)' : splitFirstLine(text).line;
}
