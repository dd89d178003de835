import type { z } from 'zod';
import type { DatasetSettings } from '../../../shared/settings.ts';
import {
  ExportRequestSchema,
  TrainerOptionsSchema,
  type ExportRequest,
  type ExportResult,
  type TrainerConfigs,
  type TrainerFormat,
  type TrainerOptions,
} from '../../../shared/trainers/types.ts';

/*
 * The export dialog's form as text fields, and how it maps to the contract's trainer options and
 * export request. The ranges live in the shared schemas; this file only turns their issues into one
 * short line per field.
 */

export interface ExportForm {
  format: TrainerFormat;
  /** Empty: computed from the target steps. */
  repeats: string;
  targetSteps: string;
  epochs: string;
  batchSize: string;
  resolution: string;
  classWord: string;
  maxTokenLength: TrainerOptions['maxTokenLength'];
  shuffleCaption: boolean;
  to: string;
  /** ai-toolkit only. */
  placeholders: boolean;
  resize: boolean;
  maxSide: string;
  /** kohya only: apply a photo's EXIF turn to its pixels. */
  bakeRotation: boolean;
}

export type FieldName = 'repeats' | 'targetSteps' | 'epochs' | 'batchSize' | 'resolution' | 'classWord' | 'to' | 'maxSide';
export type FormErrors = Partial<Record<FieldName, string>>;
export type Built<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };


export const DEFAULT_MAX_SIDE = 1024;

/** Fresh form: the schema's defaults, and the token budget the dataset is linted against. */
export function defaultForm(settings: Pick<DatasetSettings, 'lint'>): ExportForm {
  const d = TrainerOptionsSchema.parse({});
  return {
    format: 'kohya',
    repeats: '',
    targetSteps: String(d.targetSteps),
    epochs: String(d.epochs),
    batchSize: String(d.batchSize),
    resolution: String(d.resolution),
    classWord: d.classWord,
    maxTokenLength: settings.lint.clipBudget,
    shuffleCaption: d.shuffleCaption,
    to: '',
    placeholders: false,
    resize: false,
    maxSide: String(DEFAULT_MAX_SIDE),
    bakeRotation: true,
  };
}

const WHOLE = /^\d+$/;

/** A number field's text: a whole number, NaN for anything else (reported as "a whole number"). */
const whole = (text: string): number => (WHOLE.test(text.trim()) ? Number(text.trim()) : Number.NaN);

const issueText = (issue: z.core.$ZodRawIssue): string | undefined => {
  if (issue.code === 'too_small') return issue.origin === 'string' ? 'Required' : `Must be at least ${issue.minimum}`;
  if (issue.code === 'too_big') return issue.origin === 'string' ? `At most ${issue.maximum} characters` : `Must be at most ${issue.maximum}`;
  if (issue.code === 'invalid_type' || issue.code === 'invalid_format') return 'Must be a whole number';
  return undefined;
};

function collect(issues: readonly z.core.$ZodIssue[], fields: Partial<Record<string, FieldName>>): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = fields[String(issue.path.at(-1))] ?? fields[String(issue.path[0])];
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

const OPTION_FIELDS: Partial<Record<string, FieldName>> = {
  repeats: 'repeats',
  targetSteps: 'targetSteps',
  epochs: 'epochs',
  batchSize: 'batchSize',
  resolution: 'resolution',
  classWord: 'classWord',
};

export function optionsFromForm(form: ExportForm): Built<TrainerOptions> {
  const raw = {
    repeats: form.repeats.trim() === '' ? null : whole(form.repeats),
    targetSteps: whole(form.targetSteps),
    epochs: whole(form.epochs),
    batchSize: whole(form.batchSize),
    resolution: whole(form.resolution),
    classWord: form.classWord.trim(),
    maxTokenLength: form.maxTokenLength,
    shuffleCaption: form.shuffleCaption,
  };
  const parsed = TrainerOptionsSchema.safeParse(raw, { error: issueText });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: collect(parsed.error.issues, OPTION_FIELDS) };
}

/** `options`: when the caller already built them from the same form (the dialog does, for the preview). */
export function requestFromForm(form: ExportForm, options: Built<TrainerOptions> = optionsFromForm(form)): Built<ExportRequest> {
  const raw = {
    to: form.to.trim(),
    format: form.format,
    // Placeholders only mean something to ai-toolkit (it substitutes trigger_word for them).
    placeholders: form.format === 'ai-toolkit' && form.placeholders,
    maxSide: form.resize ? whole(form.maxSide) : null,
    kohyaFolders: true,
    bakeRotation: form.bakeRotation,
  };
  const parsed = ExportRequestSchema.omit({ options: true }).safeParse(raw, {
    error: (issue) => (issue.path?.[0] === 'to' ? 'Choose a destination folder' : issueText(issue)),
  });
  const errors: FormErrors = {
    ...(options.ok ? {} : options.errors),
    ...(parsed.success ? {} : collect(parsed.error.issues, { to: 'to', maxSide: 'maxSide' })),
  };
  if (!options.ok || !parsed.success) return { ok: false, errors };
  return { ok: true, value: { ...parsed.data, options: options.value } };
}

/** The config text the chosen trainer reads. */
export function configText(configs: TrainerConfigs, format: TrainerFormat): string {
  if (format === 'kohya') return configs.kohya;
  return format === 'ai-toolkit' ? configs.aiToolkit : configs.oneTrainer;
}

/** The config file name the export writes (for "Copy config" and the preview's label). */

const plural = (n: number, one: string) => `${n.toLocaleString()} ${n === 1 ? one : `${one}s`}`;

export function exportedMessage(result: ExportResult): string {
  const base = `Exported ${plural(result.images, 'image')} and ${plural(result.captions, 'caption')} to ${result.imagesDir}; config: ${result.configFile}`;
  if (result.skipped.length === 0) return base;
  const first = result.skipped[0]!;
  const more = result.skipped.length > 1 ? ` and ${result.skipped.length - 1} more` : '';
  return `${base}. Skipped ${plural(result.skipped.length, 'image')}: ${first.id} (${first.reason})${more}`;
}
