/**
 * About how much each known tagger downloads (model.onnx + selected_tags.csv), for the model picker
 * before the model is on disk: a 1.3 GB download is worth knowing about before pressing Start.
 *
 * Where the numbers come from: the sizes huggingface.co lists for `model.onnx` on each SmilingWolf
 * repository's "Files and versions" page (selected_tags.csv adds about 0.3 MB), rounded to two
 * significant figures. They are kept here rather than asked of the hub because the picker must work
 * offline and one request per model is not worth a size hint; they are shown as approximate ("≈"),
 * the download itself reports the real Content-Length, and a cached model shows its real size on disk.
 * A model added to models/wd14.ts without an entry here fails download-sizes.test.ts.
 */
const MB = 1_000_000;

export const APPROX_DOWNLOAD_BYTES: Readonly<Record<string, number>> = {
  'wd-swinv2-tagger-v3': 470 * MB,
  'wd-convnext-tagger-v3': 400 * MB,
  'wd-vit-tagger-v3': 380 * MB,
  'wd-vit-large-tagger-v3': 1300 * MB,
  'wd-eva02-large-tagger-v3': 1300 * MB,
  'wd-v1-4-moat-tagger-v2': 330 * MB,
  'wd-v1-4-swinv2-tagger-v2': 450 * MB,
  'wd-v1-4-convnextv2-tagger-v2': 400 * MB,
  'wd-v1-4-convnext-tagger-v2': 400 * MB,
  'wd-v1-4-vit-tagger-v2': 380 * MB,
};

export const approxDownloadBytes = (id: string): number | null => APPROX_DOWNLOAD_BYTES[id] ?? null;
