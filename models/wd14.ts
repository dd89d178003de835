/**
 * The WD14 taggers by SmilingWolf that Tagsmith knows by name. Data only: where each model lives on
 * the Hugging Face hub and the numbers its authors publish. Anything the model file itself can tell
 * (input size, tensor names, whether the batch dimension is dynamic) is read from the file at load
 * time; `inputSize` here is only what the download page shows before a model is on disk.
 */
export interface Wd14Model {
  /** Short id used on the command line and in settings, e.g. `wd-swinv2-tagger-v3`. */
  id: string;
  /** Hugging Face repository. */
  repo: string;
  revision: string;
  version: 'v2' | 'v3';
  files: { model: string; tags: string };
  inputSize: number;
  thresholds: {
    /** Threshold most front-ends default to: general 0.35, character 0.85 (strictly greater). */
    general: number;
    character: number;
    /** The threshold at which precision equals recall on the authors' validation set. */
    balanced: number;
  };
}

const FILES = { model: 'model.onnx', tags: 'selected_tags.csv' } as const;

function wd(id: string, version: 'v2' | 'v3', balanced: number): Wd14Model {
  return {
    id,
    repo: `SmilingWolf/${id}`,
    revision: 'main',
    version,
    files: FILES,
    inputSize: 448,
    thresholds: { general: 0.35, character: 0.85, balanced },
  };
}

export const WD14_MODELS: readonly Wd14Model[] = [
  wd('wd-swinv2-tagger-v3', 'v3', 0.2653),
  wd('wd-convnext-tagger-v3', 'v3', 0.2682),
  wd('wd-vit-tagger-v3', 'v3', 0.2614),
  wd('wd-vit-large-tagger-v3', 'v3', 0.2606),
  wd('wd-eva02-large-tagger-v3', 'v3', 0.5296),
  wd('wd-v1-4-moat-tagger-v2', 'v2', 0.3771),
  wd('wd-v1-4-swinv2-tagger-v2', 'v2', 0.3771),
  wd('wd-v1-4-convnextv2-tagger-v2', 'v2', 0.371),
  wd('wd-v1-4-convnext-tagger-v2', 'v2', 0.3685),
  wd('wd-v1-4-vit-tagger-v2', 'v2', 0.3537),
];

/** The demo's default and Tagsmith's. */
export const DEFAULT_WD14_MODEL = 'wd-swinv2-tagger-v3';

/** Finds a model by id or by repository name (`SmilingWolf/wd-vit-tagger-v3`), case-insensitively. */
export function findWd14Model(spec: string): Wd14Model | undefined {
  const key = spec.trim().toLowerCase();
  return WD14_MODELS.find((m) => m.id.toLowerCase() === key || m.repo.toLowerCase() === key);
}
