import { Option, type Command } from 'commander';
import { RULE_IDS, SEVERITIES } from '../../../shared/lint/types.ts';
import type { LintFinding, LintReport, RuleId } from '../../../shared/lint/types.ts';
import { CliError } from '../errors.ts';
import { progressBar } from '../progress.ts';

interface LintFlags {
  json?: boolean;
  images: boolean;
  rule?: RuleId[];
}

/** Images listed per finding, and findings per rule, before "and N more". */
const IMAGES_SHOWN = 5;
const FINDINGS_SHOWN = 10;

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('check caption quality: identical or generic captions, missing trigger words and tag groups, duplicate pictures...')
    .argument('<dir>', 'dataset folder')
    .option('--json', 'print the full report as JSON')
    .option('--no-images', 'do not look for duplicate pictures (skips decoding every image)')
    .addOption(new Option('--rule <id...>', 'only these rules (even ones the dataset disables)').choices(RULE_IDS))
    .addHelpText('after', '\nExit status: 0 no error-severity finding, 1 at least one, 2 usage error.')
    .action(async (dir: string, flags: LintFlags) => {
      // Loaded when the command runs (see program.ts): image hashing pulls in sharp.
      const [{ openDataset }, { defaultImageHashCacheDir }, { runLint }] = await Promise.all([
        import('../open.ts'),
        import('../../core/lint/hash-cache.ts'),
        import('../../core/lint/run.ts'),
      ]);
      const dataset = await openDataset(dir);
      const warnings: string[] = [];
      const progress = await progressBar();
      let report: LintReport;
      try {
        report = await runLint(dataset, {
          images: flags.images,
          cacheDir: defaultImageHashCacheDir(),
          onProgress: progress,
          onWarning: (w) => warnings.push(w),
          ...(flags.rule ? { rules: flags.rule } : {}),
        });
      } finally {
        progress.stop();
      }
      // After the bar is gone, so the lines are not drawn over.
      for (const w of warnings) process.stderr.write(`tagsmith: warning: ${w}\n`);
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(dataset.root, report));

      const errors = [...new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.rule))];
      if (errors.length > 0) throw new CliError(`caption errors found (${errors.join(', ')})`);
    });
}

/** Findings grouped by rule, errors first, then the summary of the whole set. */
export function formatReport(root: string, report: LintReport): string {
  const lines = [root];
  const byRule = new Map<RuleId, LintFinding[]>();
  for (const f of report.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const order = (rule: RuleId) => Math.min(...byRule.get(rule)!.map((f) => SEVERITIES.indexOf(f.severity))) * RULE_IDS.length + RULE_IDS.indexOf(rule);
  const rules = [...byRule.keys()].sort((a, b) => order(a) - order(b));

  if (rules.length === 0) lines.push('', 'no findings');
  for (const rule of rules) {
    const findings = byRule.get(rule)!;
    lines.push('', `${rule}: ${plural(report.counts[rule], 'image')}`);
    for (const f of findings.slice(0, FINDINGS_SHOWN)) {
      lines.push(`  ${f.severity}: ${f.message}`, `    ${listed(f.images)}`);
    }
    if (findings.length > FINDINGS_SHOWN) lines.push(`  ... and ${plural(findings.length - FINDINGS_SHOWN, 'more finding')} (--json for all)`);
  }

  const s = report.summary;
  lines.push(
    '',
    `verdict: ${s.verdict}`,
    `  ${plural(s.images, 'image')}, ${s.captioned} captioned; unique tag sets ${Math.round(s.uniqueTagSets * 100)}%; ` +
      `mean similarity ${s.meanSimilarity.toFixed(2)}; ${plural(s.distinctTags, 'distinct tag')}, ${s.meanTags.toFixed(1)} per caption`,
    `  tokens counted with ${report.tokenizer === 'clip-bpe' ? "CLIP's tokenizer" : 'an estimate (no CLIP vocabulary found)'}; ` +
      `duplicate pictures ${IMAGE_HASHES[report.imageHashes]}`,
  );
  return `${lines.join('\n')}\n`;
}

const IMAGE_HASHES: Record<LintReport['imageHashes'], string> = {
  done: 'checked',
  off: 'not checked',
  failed: 'not fully checked (see the warning above)',
};

function listed(images: readonly string[]): string {
  const shown = images.slice(0, IMAGES_SHOWN).join(', ');
  return images.length > IMAGES_SHOWN ? `${shown} and ${images.length - IMAGES_SHOWN} more` : shown;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
