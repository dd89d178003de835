import { Option, type Command } from 'commander';
import { TRAINER_NAMES } from '../../../shared/trainers/image-formats.ts';
import type { ReadingFinding, TrainerReading } from '../../../shared/trainers/reading.ts';
import { TRAINER_FORMATS, type TrainerFormat } from '../../../shared/trainers/types.ts';
import { CAPTION_EXTENSIONS } from '../../../shared/settings.ts';
import { checkTrainer } from '../../core/check/trainer-check.ts';
import { CliError } from '../errors.ts';
import { openDataset } from '../open.ts';

interface CheckFlags {
  trainer: TrainerFormat;
  json?: boolean;
  captionExt?: string;
  classWord?: string;
  rootOnly?: boolean;
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
    .addHelpText('after', '\nExit status: 0 the trainer will load the folder, 1 something stops it (blockers), 2 usage error.')
    .action(async (dir: string, flags: CheckFlags) => {
      const dataset = await openDataset(dir);
      const reading = await checkTrainer(dataset, flags.trainer, {
        ...(flags.captionExt ? { captionExtension: flags.captionExt } : {}),
        ...(flags.classWord !== undefined ? { classWord: flags.classWord } : {}),
        rootOnly: flags.rootOnly ?? false,
      });
      process.stdout.write(flags.json ? `${JSON.stringify({ root: dataset.root, ...reading }, null, 2)}\n` : formatCheck(dataset.root, reading));
      const blockers = reading.findings.filter((f) => f.severity === 'blocker');
      if (blockers.length > 0) {
        throw new CliError(`${TRAINER_NAMES[flags.trainer]} would stop: ${blockers.map((b) => `${b.kind} (${listed(b.images)})`).join('; ')}`);
      }
    });
}

export function formatCheck(root: string, r: TrainerReading): string {
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
