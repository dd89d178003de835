import { InvalidArgumentError } from 'commander';
import { describeFixCounts, isTrainerFixKind, TRAINER_FIX_KINDS, type TrainerFixChange, type TrainerFixKind, type TrainerFixPlan } from '../../../shared/trainers/fixes.ts';
import type { TrainerFixRequest } from '../../core/check/fixes.ts';
import type { Conflict, Dataset } from '../../core/dataset/dataset.ts';
import { CliError } from '../errors.ts';
import { progressBar } from '../progress.ts';

/** `--fix bom,caption-ext`: every name checked here, so a typo is a usage error (exit 2) before anything is read. */
export function parseFixList(value: string): TrainerFixKind[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !isTrainerFixKind(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`${unknown.length ? `unknown fix ${unknown.join(', ')}; ` : ''}choose from ${TRAINER_FIX_KINDS.join(', ')} (comma-separated)`);
  }
  return [...new Set(names as TrainerFixKind[])];
}

export interface FixOutcome {
  /** For --json: what was done, beside the check that follows it. */
  json: object;
  conflicts: Conflict[];
}

/**
 * Plans the fixes and either prints the plan (dry run: returns null, nothing written) or applies it as
 * one journal entry and prints what it did. The check printed after it shows the folder as fixed.
 */
export async function runCheckFixes(dataset: Dataset, request: TrainerFixRequest, flags: { dryRun?: boolean; json?: boolean; dir: string }): Promise<FixOutcome | null> {
  // Loaded here, not at the top: check.ts imports this file to parse --fix (see program.ts).
  const { applyTrainerFixes, planTrainerFixes } = await import('../../core/check/fixes.ts');
  const planned = await planTrainerFixes(dataset, request);
  if (!planned.ok) throw new CliError(planned.error.message);
  const plan = planned.value;
  if (flags.dryRun) {
    const out = flags.json
      ? `${JSON.stringify({ root: dataset.root, dryRun: true, fix: plan }, null, 2)}\n`
      : [...describePlan(plan, ''), `dry run: ${plan.changes.length ? `would ${describeFixCounts(plan.counts, 'would')}` : 'nothing to fix'}; nothing written`].join('\n') + '\n';
    process.stdout.write(out);
    return null;
  }
  const progress = await progressBar();
  const applied = await applyTrainerFixes(dataset, plan, { onProgress: progress }).finally(() => progress.stop());
  if (!applied.ok) throw new CliError(applied.error.message);
  const { entry, written, conflicts, counts } = applied.value;
  if (!flags.json) {
    const undo = entry ? ` (journal entry ${entry.id}; undo with: tagsmith undo ${quoted(flags.dir)})` : '';
    const failed = new Set(conflicts.map((c) => c.path));
    const done = { ...plan, changes: plan.changes.filter((c) => !failed.has(c.path) && (c.to === undefined || !failed.has(c.to))) };
    const lines = [`fixed: ${describeFixCounts(counts, 'done')}${undo}`, ...describePlan(done, '  ')];
    process.stdout.write(`${lines.join('\n')}\n\n`);
    for (const c of conflicts) process.stderr.write(`conflict: ${c.path}: ${c.reason} (left as it is)\n`);
  }
  return {
    json: { entry, written, counts, conflicts, changes: plan.changes, skipped: plan.skipped, captionExtension: plan.captionExtension },
    conflicts,
  };
}

function describePlan(plan: TrainerFixPlan, indent: string): string[] {
  const lines = plan.changes.map((c) => indent + describeChange(c));
  if (plan.captionExtension) lines.push(`${indent}dataset caption extension: ${plan.captionExtension.from} -> ${plan.captionExtension.to}`);
  for (const s of plan.skipped) lines.push(`${indent}left as it is: ${s.path}: ${s.reason}`);
  return lines;
}

function describeChange(c: TrainerFixChange): string {
  if (c.to !== undefined) return `${c.path} -> ${c.to}${c.fixes.includes('bom') ? ' (BOM stripped)' : ''}`;
  if (c.after === null) return `${c.path}: removed (${c.before === '' ? '0 bytes' : 'it held only a BOM'})`;
  return `${c.path}: BOM stripped`;
}

const quoted = (s: string): string => (/^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
