import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { TRAINER_NAMES } from '../../../shared/trainers/image-formats.ts';
import { ExportRequestSchema, TRAINER_FORMATS, TrainerOptionsSchema, type TrainerFormat, type TrainerOptions } from '../../../shared/trainers/types.ts';
import { CliError, usageError } from '../errors.ts';

// The dataset and export code (sharp) load when a command runs, not for `--help` (see program.ts).
const openDataset = async (dir: string) => (await import('../open.ts')).openDataset(dir);
import { progressBar } from '../progress.ts';

interface OptionFlags {
  repeats?: number;
  steps?: number;
  epochs?: number;
  batchSize?: number;
  class?: string;
  resolution?: number;
  shuffle: boolean;
  maxTokenLength?: number;
}

interface ExportFlags extends OptionFlags {
  to: string;
  format: TrainerFormat;
  placeholders?: boolean;
  maxSide?: number;
  kohyaFolders: boolean;
  bakeRotation: boolean;
  json?: boolean;
}

interface ConfigFlags extends OptionFlags {
  format?: TrainerFormat;
  json?: boolean;
}

export function registerExport(program: Command): void {
  const exportCommand = program
    .command('export')
    .description('copy the captioned images and their captions to a new folder laid out for a trainer, with its config file')
    .argument('<dir>', 'dataset folder (only read)')
    .requiredOption('--to <out>', 'destination folder: must not exist yet, or be empty, and be outside the dataset')
    .addOption(new Option('--format <trainer>', 'trainer to export for').choices(TRAINER_FORMATS).makeOptionMandatory());
  addTrainerOptions(exportCommand)
    .option('--placeholders', 'ai-toolkit: write [trigger] in place of the leading trigger words')
    .option('--max-side <px>', 'shrink images whose longest side is larger (never enlarged; default: copy as they are)', integer)
    .option('--no-kohya-folders', 'kohya: images in <out>/images/ instead of <out>/<repeats>_<trigger> <class>/')
    .option('--no-bake-rotation', 'kohya: copy EXIF-rotated photos as they are (kohya ignores the tag and trains them sideways; by default the turn is applied to the pixels)')
    .option('--json', 'print JSON')
    .action(async (dir: string, flags: ExportFlags) => {
      const options = trainerOptions(flags);
      if (flags.placeholders && flags.format !== 'ai-toolkit') throw usageError('--placeholders is for --format ai-toolkit only');
      const request = ExportRequestSchema.safeParse({
        to: path.resolve(flags.to),
        format: flags.format,
        options,
        placeholders: Boolean(flags.placeholders),
        maxSide: flags.maxSide ?? null,
        kohyaFolders: flags.kohyaFolders,
        bakeRotation: flags.bakeRotation,
      });
      if (!request.success) throw usageError(firstIssue(request.error.issues));
      const dataset = await openDataset(dir);
      const { exportDataset } = await import('../../core/export/export.ts');
      const progress = await progressBar();
      const result = await exportDataset(dataset, request.data, { onProgress: progress }).finally(() => progress.stop());
      if (!result.ok) throw new CliError(result.error.message);
      const r = result.value;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      for (const s of r.skipped) process.stderr.write(`skipped: ${s.id}: ${s.reason}\n`);
      process.stdout.write(
        [
          `exported ${r.images} image${r.images === 1 ? '' : 's'} and ${r.captions} caption${r.captions === 1 ? '' : 's'} for ${TRAINER_NAMES[flags.format]} to ${r.to}`,
          `  images  ${r.imagesDir}`,
          `  config  ${r.configFile}`,
          ...(r.skipped.length ? [`  skipped ${r.skipped.length} (listed on stderr)`] : []),
        ].join('\n') + '\n',
      );
    });

  const configCommand = program
    .command('trainer-config')
    .description('print the trainer config for training on the dataset folder as it is')
    .argument('<dir>', 'dataset folder')
    .addOption(new Option('--format <trainer>', 'which config to print').choices(TRAINER_FORMATS));
  addTrainerOptions(configCommand)
    .option('--json', 'print all three configs and, per trainer, the images it loads, its repeats and notes, as JSON')
    .action(async (dir: string, flags: ConfigFlags) => {
      const options = trainerOptions(flags);
      if (!flags.format && !flags.json) throw usageError('trainer-config: give --format kohya|ai-toolkit|onetrainer (or --json for all three)');
      const { datasetTrainerConfigs } = await import('../../core/export/configs.ts');
      const configs = await datasetTrainerConfigs(await openDataset(dir), options);
      if (flags.json || !flags.format) {
        process.stdout.write(`${JSON.stringify(configs, null, 2)}\n`);
        return;
      }
      process.stdout.write(flags.format === 'kohya' ? configs.kohya : flags.format === 'ai-toolkit' ? configs.aiToolkit : configs.oneTrainer);
      // stdout is the config file alone; what was counted and chosen goes to stderr (OneTrainer's JSON cannot say it).
      const plan = configs.plans[flags.format];
      for (const line of [plan.repeatsReason, ...plan.notes]) process.stderr.write(`${line}\n`);
    });
}

function addTrainerOptions(command: Command): Command {
  return command
    .addOption(new Option('--repeats <n>', 'times each image is seen per epoch (default: computed from --steps)').argParser(integer).conflicts('steps'))
    .option('--steps <n>', 'total optimizer steps wanted; the repeats are computed from it (default 1500)', integer)
    .option('--epochs <n>', 'epochs (default 10)', integer)
    .option('--batch-size <n>', 'batch size (default 1)', integer)
    .option('--class <word>', "class word of kohya's folder name and class tokens (e.g. woman, dog, style)")
    .option('--resolution <px>', 'training resolution (default 1024)', integer)
    .option('--no-shuffle', 'do not shuffle tags during training')
    .option('--max-token-length <n>', 'kohya --max_token_length: 75, 150 or 225 (default 75)', integer);
}

function trainerOptions(flags: OptionFlags): TrainerOptions {
  const parsed = TrainerOptionsSchema.safeParse({
    repeats: flags.repeats ?? null,
    targetSteps: flags.steps,
    epochs: flags.epochs,
    batchSize: flags.batchSize,
    classWord: flags.class,
    resolution: flags.resolution,
    shuffleCaption: flags.shuffle,
    maxTokenLength: flags.maxTokenLength,
  });
  if (!parsed.success) throw usageError(firstIssue(parsed.error.issues));
  return parsed.data;
}

const FLAG_OF: Record<string, string> = {
  repeats: '--repeats',
  targetSteps: '--steps',
  epochs: '--epochs',
  batchSize: '--batch-size',
  classWord: '--class',
  resolution: '--resolution',
  maxTokenLength: '--max-token-length',
  maxSide: '--max-side',
};

function firstIssue(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  const issue = issues[0];
  if (!issue) return 'invalid options';
  const key = String(issue.path.at(-1) ?? '');
  return `${FLAG_OF[key] ?? key}: ${issue.message}`;
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
}
