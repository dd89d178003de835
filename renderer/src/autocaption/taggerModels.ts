import { WD14_MODELS } from '../../../models/wd14.ts';
import type { TaggerModelList } from '../../../shared/contract/index.ts';
import { formatBytes } from './progress.ts';

/*
 * The tagger model picker's words: the known WD14 taggers with their size and whether they are in the
 * local Hugging Face cache (models.list reads only the disk), plus "Local folder…" for a folder of
 * one's own. The form keeps one string (`model`): a registry id or a folder path.
 */

export type TaggerModelInfo = TaggerModelList[number];

/** The picker's value for "a folder holding model.onnx + selected_tags.csv". */
export const FOLDER_CHOICE = 'folder';

/** The registry with nothing known about the disk: shown until models.list answers, or when it fails. */
export const REGISTRY_MODELS: readonly TaggerModelInfo[] = WD14_MODELS.map((m) => ({
  id: m.id,
  repo: m.repo,
  version: m.version,
  dir: null,
  downloadBytes: null,
  diskBytes: null,
}));

/** A listed model named by id or repository (`SmilingWolf/wd-vit-tagger-v3`), case-insensitively, as the backend resolves it. */
export function findModel(spec: string, models: readonly TaggerModelInfo[]): TaggerModelInfo | undefined {
  const key = spec.trim().toLowerCase();
  return key === '' ? undefined : models.find((m) => m.id.toLowerCase() === key || m.repo.toLowerCase() === key);
}

/** What the picker shows selected for the form's `model`: a listed model's id, else the folder choice. */
export const pickerChoice = (spec: string, models: readonly TaggerModelInfo[]): string => findModel(spec, models)?.id ?? FOLDER_CHOICE;

/** "wd-vit-tagger-v3 — downloaded, 378 MB" or "wd-eva02-large-tagger-v3 — ≈1.3 GB download". */
export function modelOptionLabel(m: TaggerModelInfo): string {
  if (m.dir !== null) return `${m.id} — downloaded${m.diskBytes !== null ? `, ${formatBytes(m.diskBytes)}` : ''}`;
  return m.downloadBytes !== null ? `${m.id} — ≈${formatBytes(m.downloadBytes)} download` : m.id;
}

/** The picker's groups: newest taggers first, in registry order within each. */
export function modelGroups(models: readonly TaggerModelInfo[]): { label: string; models: TaggerModelInfo[] }[] {
  const versions = [...new Set(models.map((m) => m.version))].sort().reverse();
  return versions.map((v) => ({ label: `WD14 ${v} taggers`, models: models.filter((m) => m.version === v) }));
}

/** What is known about the models on this machine: models.list not answered yet, answered, or failed. */
export type ListState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; message: string };

/** One line under the picker: where the chosen model comes from. */
export function modelHint(spec: string, models: readonly TaggerModelInfo[], state: ListState): string {
  const known = findModel(spec, models);
  if (!known) return 'A folder holding model.onnx and selected_tags.csv.';
  if (state.kind === 'loading') return 'Checking which models are on this machine…';
  if (state.kind === 'failed') return `Could not check which models are on this machine (${state.message}); a missing one downloads from ${known.repo}.`;
  if (known.dir !== null) return `In the Hugging Face cache: ${known.dir}`;
  const size = known.downloadBytes !== null ? `≈${formatBytes(known.downloadBytes)} ` : '';
  return `Not on this machine: downloads ${size}from ${known.repo} on first use.`;
}
