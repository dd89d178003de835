import fs from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result.ts';
import {
  countFixes,
  describeFixCounts,
  isTrainerFixKind,
  type TrainerFixChange,
  type TrainerFixKind,
  type TrainerFixPlan,
  type TrainerFixSkip,
} from '../../../shared/trainers/fixes.ts';
import { CAPTION_LIKE_EXTENSIONS, isImageLike, readDataset } from '../../../shared/trainers/reading.ts';
import type { TrainerFormat } from '../../../shared/trainers/types.ts';
import type { ApplyResult, Change, Dataset, MutationError, Progress } from '../dataset/dataset.ts';
import { readingInput, type TrainerCheckOptions } from './trainer-check.ts';

/*
 * The trainer check's one-click fixes: strip a UTF-8 BOM, rename `.caption` captions to `.txt`, remove
 * 0-byte caption files. A fix run is ONE journaled edit through Dataset.applyChanges, so undo (CLI and
 * Ctrl+Z) writes back every byte and every old name, and a file another program changed since the plan
 * read it is left alone and reported, exactly as for a batch edit. The journal already expresses all
 * three: `after: null` removes a file (as issue 11's blank caption and the orphan delete do), and a
 * rename is the new name created (`before: null`) and then the old one removed, as `orphans.attach`
 * moves a caption.
 */

export interface TrainerFixRequest extends Omit<TrainerCheckOptions, 'maxTokenLength'> {
  kinds: readonly TrainerFixKind[];
  /** The trainer the check was for: its caption files (kohya's shortened names) are fixed too. */
  trainer: TrainerFormat;
}

export interface TrainerFixResult extends ApplyResult {
  plan: TrainerFixPlan;
  /** Changes that reached the disk, per fix. */
  counts: Record<TrainerFixKind, number>;
}

const BOM = '\uFEFF';
const OLD_EXT = '.caption';
const NEW_EXT = '.txt';

/** What the chosen fixes would change, for a preview; nothing is written. */
export async function planTrainerFixes(dataset: Dataset, request: TrainerFixRequest): Promise<Result<TrainerFixPlan>> {
  const kinds = checkKinds(request.kinds);
  if (!kinds.ok) return kinds;
  const wanted = new Set(kinds.value);
  const renaming = wanted.has('caption-ext');
  if (renaming && request.captionExtension === OLD_EXT) {
    return err({ kind: 'invalid-argument', message: `the trainer reads ${OLD_EXT} files: renaming them to ${NEW_EXT} would hide every caption from it` });
  }
  const input = await readingInput(dataset, request);
  const reading = readDataset(input, request.trainer);
  const files = new Set(input.files);

  // A caption file is one an image pairs with by name (either extension: the rename moves between
  // them) or one the trainer opens for an image; other .txt files (a README) are never touched.
  const imagesOf = new Map<string, string[]>();
  const reads = (file: string, image: string) => {
    const list = imagesOf.get(file) ?? [];
    if (!list.includes(image)) list.push(image);
    imagesOf.set(file, list);
  };
  for (const image of input.files.filter(isImageLike)) {
    const base = withoutExtension(image);
    for (const ext of CAPTION_LIKE_EXTENSIONS) if (files.has(base + ext)) reads(base + ext, image);
  }
  for (const r of reading.images) if (r.captionFile) reads(r.captionFile, r.image);

  const changes: TrainerFixChange[] = [];
  const skipped: TrainerFixSkip[] = [];
  for (const file of [...imagesOf.keys()].sort()) {
    const images = imagesOf.get(file)!.sort();
    const text = input.texts.get(file);
    const renames = renaming && file.endsWith(OLD_EXT);
    if (text === null || text === undefined) {
      // The journal holds text, so bytes that are not UTF-8 cannot be recorded and restored.
      if (renames) skipped.push({ fix: 'caption-ext', path: file, reason: 'not UTF-8 text, so the journal could not restore it; left as it is' });
      continue;
    }
    const stripBom = wanted.has('bom') && text.startsWith(BOM);
    const remove = wanted.has('empty-files') && text === '';
    if (!remove && !stripBom && !renames) continue;
    if (await isSymlink(dataset.root, file)) {
      skipped.push({ fix: remove ? 'empty-files' : renames ? 'caption-ext' : 'bom', path: file, reason: 'a symbolic link; Tagsmith does not write it' });
      continue;
    }
    if (remove) {
      changes.push({ fixes: ['empty-files'], path: file, images, before: text, after: null });
      continue;
    }
    // No fix creates a 0-byte caption file (kohya stops on one; issue 11's rule for edits): a file
    // holding only a BOM is removed rather than emptied, and a 0-byte .caption is not renamed.
    const after = stripBom ? text.slice(BOM.length) : text;
    if (renames) {
      const to = file.slice(0, -OLD_EXT.length) + NEW_EXT;
      const reason = files.has(to)
        ? `${to} exists and is the one the trainer reads; left as it is`
        : text === ''
          ? `0 bytes: a 0-byte ${NEW_EXT} would stop kohya; the empty-files fix removes it`
          : null;
      if (reason === null) {
        changes.push(
          after === ''
            ? { fixes: ['bom'], path: file, images, before: text, after: null }
            : { fixes: stripBom ? ['caption-ext', 'bom'] : ['caption-ext'], path: file, to, images, before: text, after },
        );
        continue;
      }
      skipped.push({ fix: 'caption-ext', path: file, reason });
      // Not renamed, but still a caption file: its BOM goes if that fix was chosen too.
      if (!stripBom) continue;
    }
    changes.push({ fixes: ['bom'], path: file, images, before: text, after: after === '' ? null : after });
  }

  // Tagsmith pairs images with captions of the dataset's one extension. After the renames the captions
  // are .txt files, so a `.caption` dataset switches to `.txt` in the same entry (undo switches back):
  // the editor then shows the files the trainer reads, and Tagsmith's configs name `.txt`. A `.txt`
  // dataset keeps its setting: the new .txt files pair with their images at once.
  const from = dataset.settings().captionExtension;
  const captionExtension = renaming && from === OLD_EXT ? { from, to: NEW_EXT } : null;
  return ok({ kinds: kinds.value, changes, skipped, captionExtension, counts: countFixes(changes) });
}

/**
 * Applies a plan (the one a preview showed: a file changed since it was read is a conflict and left
 * alone) or plans and applies at once from a request. One journal entry; undo restores it all.
 */
export async function applyTrainerFixes(
  dataset: Dataset,
  planOrRequest: TrainerFixPlan | TrainerFixRequest,
  opts: { onProgress?: (p: Progress) => void } = {},
): Promise<Result<TrainerFixResult, MutationError>> {
  let plan: TrainerFixPlan;
  if ('changes' in planOrRequest) {
    const bad = checkPlan(planOrRequest);
    if (bad) return err({ kind: 'invalid-argument', message: bad });
    // Counted again from the changes: the label in the history must say what is written.
    plan = { ...planOrRequest, counts: countFixes(planOrRequest.changes) };
  } else {
    const planned = await planTrainerFixes(dataset, planOrRequest);
    if (!planned.ok) return planned;
    plan = planned.value;
  }
  const changes: Change[] = plan.changes.flatMap((c): Change[] =>
    c.to === undefined
      ? [{ captionRelPath: c.path, before: c.before, after: c.after }]
      : [
          { captionRelPath: c.to, before: null, after: c.after },
          { captionRelPath: c.path, before: c.before, after: null, requires: c.to },
        ],
  );
  const label = `Trainer fixes: ${describeFixCounts(plan.counts, 'would')}`;
  const res = await dataset.applyChanges(label, changes, {
    ops: { trainerFixes: plan.kinds },
    ...(plan.captionExtension ? { settings: { captionExtension: plan.captionExtension.to as '.txt' } } : {}),
    anyCaptionExtension: true,
    onProgress: opts.onProgress,
  });
  if (!res.ok) return res;
  const failed = new Set(res.value.conflicts.map((c) => c.path));
  const done = plan.changes.filter((c) => !failed.has(c.path) && (c.to === undefined || !failed.has(c.to)));
  return ok({ ...res.value, plan, counts: countFixes(done) });
}

function checkKinds(kinds: readonly string[]): Result<TrainerFixKind[]> {
  if (!Array.isArray(kinds) || kinds.length === 0) return err({ kind: 'invalid-argument', message: 'choose at least one fix' });
  const unknown = kinds.filter((k) => typeof k !== 'string' || !isTrainerFixKind(k));
  if (unknown.length) return err({ kind: 'invalid-argument', message: `unknown fix: ${unknown.join(', ')}` });
  return ok([...new Set(kinds as TrainerFixKind[])]);
}

/**
 * A plan that comes back from the editor is checked to be what the fixes produce, so the apply can
 * never be used to write arbitrary text: each change strips a BOM, renames .caption to .txt with the
 * same text (BOM aside) or removes a 0-byte (or BOM-only) file. Paths are checked by applyChanges.
 */
function checkPlan(plan: TrainerFixPlan): string | null {
  const kinds = checkKinds(plan.kinds);
  if (!kinds.ok) return kinds.error.message;
  if (!Array.isArray(plan.changes)) return 'a fix plan needs its list of changes';
  for (const c of plan.changes) {
    if (typeof c.path !== 'string' || typeof c.before !== 'string') return 'a fix changes an existing caption file';
    if (!Array.isArray(c.fixes) || c.fixes.length === 0 || !c.fixes.every((k) => plan.kinds.includes(k))) return `${c.path}: made by a fix that was not chosen`;
    const stripped = c.before.startsWith(BOM) ? c.before.slice(BOM.length) : null;
    const valid =
      c.to !== undefined
        ? c.path.endsWith(OLD_EXT) && c.to === c.path.slice(0, -OLD_EXT.length) + NEW_EXT && typeof c.after === 'string' && c.after !== '' && (c.after === c.before || c.after === stripped)
        : c.after === null
          ? c.before === '' || stripped === ''
          : c.after === stripped;
    if (!valid) return `${c.path}: not a change a trainer fix makes`;
  }
  const ext = plan.captionExtension;
  if (ext !== null && (ext?.from !== OLD_EXT || ext.to !== NEW_EXT)) return `a fix only switches the caption extension from ${OLD_EXT} to ${NEW_EXT}`;
  return null;
}

async function isSymlink(root: string, rel: string): Promise<boolean> {
  const st = await fs.promises.lstat(path.join(root, ...rel.split('/'))).catch(() => null);
  return st?.isSymbolicLink() ?? false;
}

function withoutExtension(p: string): string {
  const dot = p.lastIndexOf('.');
  return dot > p.lastIndexOf('/') + 1 ? p.slice(0, dot) : p;
}
