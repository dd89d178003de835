import { Option, type Command } from 'commander';
import { TRAINER_NAMES } from '../../../shared/trainers/image-formats.ts';
import { MAX_TOKEN_LENGTHS, type MaxTokenLength, type ReadingFinding } from '../../../shared/trainers/reading.ts';
import { TRAINER_FIX_KINDS, type TrainerFixKind } from '../../../shared/trainers/fixes.ts';
import { TRAINER_FORMATS, type TrainerFormat } from '../../../shared/trainers/types.ts';
import { CAPTION_EXTENSIONS } from '../../../shared/settings.ts';
import type { TrainerCheck } from '../../../shared/trainers/geometry-check.ts';
import { wholeNumber } from '../args.ts';
import { bucketLines, unreadableLines } from '../image-tables.ts';
import { CliError, usageError } from '../errors.ts';
import { parseFixList, runCheckFixes, type FixOutcome } from './check-fix.ts';

interface CheckFlags {
  trainer: TrainerFormat;
  json?: boolean;
  captionExt?: string;
  classWord?: string;
  rootOnly?: boolean;
  trainDataDir?: boolean;
  maxTokens: string;
  fix?: TrainerFixKind[];
  dryRun?: boolean;
  resolution: number;
  batchSize: number;
}

/** Images named per finding before "and N more". */
const IMAGES_SHOWN = 5;

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('before training: which images a trainer loads in place, the text it trains on, and what stops or misleads it')
    .argument('<dir>', 'dataset folder')
    .addOption(new Option('--trainer <name>', 'the trainer that will read the folder').choices(TRAINER_FORMATS).makeOptionMandatory())
    .option('--json', 'print every image with the caption file read and the exact text trained')
    .addOption(new Option('--caption-ext <ext>', "the trainer's caption extension (default: the dataset's)").choices(CAPTION_EXTENSIONS))
    .option('--class-word <word>', "kohya: the class word in the subset's class_tokens, after the trigger words")
    .option('--root-only', "the trainer reads the folder alone (one kohya image_dir, OneTrainer without include_subdirectories), not Tagsmith's configs")
    .option('--train-data-dir', "kohya: the folder is kohya's --train_data_dir (kohya_ss's layout): only its <repeats>_<class> subfolders are read, each with the class tokens of its name")
    .addOption(
      new Option('--max-tokens <n>', "usable tokens of the text encoder: kohya's max_token_length 75, 150 or 225; 512 for T5 (ai-toolkit with Flux.1 or SD3, whose buckets step by 32 px, not 16)")
        .choices(MAX_TOKEN_LENGTHS.map(String))
        .default('75'),
    )
    .option('--resolution <px>', 'training resolution the aspect-ratio buckets are formed at (64-8192)', wholeNumber(64, 8192), 1024)
    .option('--batch-size <n>', 'batch size: a bucket with fewer images is a warning (1-1024)', wholeNumber(1, 1024), 1)
    .option('--fix <fixes>', `fix mechanical blockers as one undoable edit, comma-separated: ${TRAINER_FIX_KINDS.join(', ')}`, parseFixList)
    .option('--dry-run', 'with --fix: show what the fixes would change and write nothing')
    .addHelpText('after', '\nExit status: 0 the trainer will load the folder, 1 something stops it (blockers), 2 usage error.')
    .action(async (dir: string, flags: CheckFlags) => {
      if (flags.dryRun && !flags.fix) throw usageError('--dry-run goes with --fix');
      if (flags.trainDataDir && flags.trainer !== 'kohya') throw usageError('--train-data-dir is a kohya option');
      if (flags.trainDataDir && flags.rootOnly) throw usageError('--train-data-dir and --root-only are two ways to point kohya at the folder: give one');
      if (flags.fix?.includes('caption-ext') && flags.captionExt === '.caption') {
        throw usageError('--fix caption-ext renames .caption files to .txt, but --caption-ext .caption says the trainer reads .caption');
      }
      // Loaded when the command runs (see program.ts).
      const [{ openDataset }, { checkTrainer }] = await Promise.all([import('../open.ts'), import('../../core/check/trainer-check.ts')]);
      const dataset = await openDataset(dir);
      let fixed: FixOutcome | null = null;
      if (flags.fix) {
        const request = {
          kinds: flags.fix,
          trainer: flags.trainer,
          ...(flags.captionExt ? { captionExtension: flags.captionExt } : {}),
          ...(flags.classWord !== undefined ? { classWord: flags.classWord } : {}),
          rootOnly: flags.rootOnly ?? false,
          trainDataDir: flags.trainDataDir ?? false,
        };
        fixed = await runCheckFixes(dataset, request, { dir, dryRun: flags.dryRun, json: flags.json });
        if (fixed === null) return;
      }
      const reading = await checkTrainer(dataset, flags.trainer, {
        ...(flags.captionExt ? { captionExtension: flags.captionExt } : {}),
        ...(flags.classWord !== undefined ? { classWord: flags.classWord } : {}),
        rootOnly: flags.rootOnly ?? false,
        trainDataDir: flags.trainDataDir ?? false,
        maxTokenLength: Number(flags.maxTokens) as MaxTokenLength,
        resolution: flags.resolution,
        batchSize: flags.batchSize,
      });
      const json = fixed ? { root: dataset.root, fix: fixed.json, ...reading } : { root: dataset.root, ...reading };
      process.stdout.write(flags.json ? `${JSON.stringify(json, null, 2)}\n` : formatCheck(dataset.root, reading));
      const blockers = reading.findings.filter((f) => f.severity === 'blocker');
      const failures: string[] = [];
      if (blockers.length > 0) failures.push(`${TRAINER_NAMES[flags.trainer]} would stop: ${blockers.map((b) => `${b.kind} (${listed(b.images)})`).join('; ')}`);
      if (fixed?.conflicts.length) failures.push(`${fixed.conflicts.length} file(s) changed on disk by another program were not fixed`);
      if (failures.length > 0) throw new CliError(failures.join('; '));
    });
}

export function formatCheck(root: string, r: TrainerCheck): string {
  const { counts } = r;
  const lines = [
    root,
    `${TRAINER_NAMES[r.trainer]} (captions ${r.captionExtension}) loads ${plural(counts.loaded, 'image')}: ` +
      `${counts.captioned} with a caption, ${counts.uncaptioned} uncaptioned; ${counts.skipped} skipped`,
  ];
  const section = (title: string, findings: readonly ReadingFinding[]) => {
    if (findings.length === 0) return;
    lines.push('', title);
    for (const f of findings) lines.push(`  ${f.kind}: ${f.message} (${plural(f.images.length, 'image')})`, `    ${listed(f.images)}`);
  };
  const g = r.geometry;
  const measured = new Set(g.images.map((i) => i.image)).size;
  lines.push('', `aspect-ratio buckets at ${g.resolutions.join(', ')} (${plural(measured, 'image')} measured, batch size ${g.batchSize}):`, ...bucketLines(g.buckets, g.batchSize));
  if (g.unreadable.length > 0) lines.push('', 'unreadable images:', ...unreadableLines(g.unreadable));
  section('blockers (training stops)', r.findings.filter((f) => f.severity === 'blocker'));
  section('warnings', r.findings.filter((f) => f.severity === 'warning'));
  if (r.findings.length === 0) lines.push('', 'no findings');
  return `${lines.join('\n')}\n`;
}

function listed(images: readonly string[]): string {
  const shown = images.slice(0, IMAGES_SHOWN).join(', ');
  return images.length > IMAGES_SHOWN ? `${shown} and ${images.length - IMAGES_SHOWN} more` : shown;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
