import { kohyaClassTokens, kohyaSubsetClassTokens } from './kohya.ts';
import { unreadImageReason } from './image-formats.ts';
import { subsetCaptions, type FolderCaption } from './subsets.ts';
import { TRIGGER_PLACEHOLDER } from './caption.ts';
import { bomProblem, folderOf, ignoredSibling, isHiddenName, isImageLike, LITERAL_PLACEHOLDER, notUtf8, pyStrip, pythonLines, withoutExtension, type Ctx, type Detail } from './reading-common.ts';

/* kohya sd-scripts reading a folder in place (library/train_util.py, config_util.py). */

/**
 * The caption file kohya opens for an image: `<image base><caption_extension>`, then the base without
 * its last 4 `_`-separated parts when the full path has 5 or more (FACTS 50-51); null: none.
 */
function kohyaCaptionFile(ctx: Ctx, image: string): string | null {
  const base = withoutExtension(image);
  const candidates = [base + ctx.captionExtension];
  const root = ctx.input.root ? `${ctx.input.root.replace(/\/+$/, '')}/` : '';
  const parts = (root + base).split('_');
  if (parts.length >= 5) {
    const alt = parts.slice(0, -4).join('_');
    if (alt.startsWith(root) && alt.length > root.length) candidates.push(alt.slice(root.length) + ctx.captionExtension);
  }
  return candidates.find((c) => ctx.files.has(c)) ?? null;
}

/**
 * kohya with --train_data_dir (config_util.generate_dreambooth_subsets_config_by_subdirs): each direct
 * subfolder whose name splits at `_` into a whole number of at least 1 (Python's int(): surrounding
 * spaces and a sign allowed) and the class tokens is a subset; other folders are ignored, and a subset
 * reads only the files directly in it. Null: the image is read; else why not.
 */
export function trainDataDirSkip(image: string): string | null {
  const parts = image.split('/');
  if (parts.length === 1) return 'in the folder itself: with --train_data_dir kohya reads only its <repeats>_<class> subfolders';
  const repeats = trainDataDirRepeats(parts[0]!);
  if (repeats === null || repeats < 1) return `in "${parts[0]}", which is not named <repeats>_<class>: kohya ignores the folder`;
  if (parts.length > 2) return `in a subfolder of "${parts[0]}": kohya reads only the files directly in each <repeats>_<class> folder`;
  return null;
}

/** The repeats kohya's int() reads from a folder name's part before its first `_`, or null when it raises. */
function trainDataDirRepeats(name: string): number | null {
  const head = pyStrip(name.split('_')[0]!);
  return /^[+-]?\d+$/.test(head) ? Number(head) : null;
}

/**
 * The class_tokens kohya trains an uncaptioned image on (FACTS 56-57). Pointed at the folder alone
 * (rootOnly), the user's own subset: the trigger words and class word. With Tagsmith's dataset.toml,
 * what it writes for the image's folder (kohya.ts), which depends on the folder's captions, here the
 * ones kohya opens.
 */
function kohyaImageClassTokens(ctx: Ctx, folder: string): string {
  const { input } = ctx;
  // --train_data_dir: the name after its first `_`, as it is.
  if (input.trainDataDir) return folder.slice(folder.indexOf('_') + 1);
  if (input.rootOnly) return kohyaClassTokens(input.triggerWords, input.classWord ?? '');
  ctx.kohyaFolders ??= { captions: kohyaCaptionsByFolder(ctx), classTokens: new Map() };
  let tokens = ctx.kohyaFolders.classTokens.get(folder);
  if (tokens === undefined) {
    const { triggersLead } = subsetCaptions(ctx.kohyaFolders.captions.get(folder), folder, input.triggerWords);
    tokens = kohyaSubsetClassTokens(folder, triggersLead, input.triggerWords, input.classWord ?? '');
    ctx.kohyaFolders.classTokens.set(folder, tokens);
  }
  return tokens;
}

/** The text of every caption file kohya opens, by the folder of its image: one pass over the files. */
function kohyaCaptionsByFolder(ctx: Ctx): Map<string, FolderCaption[]> {
  const byFolder = new Map<string, FolderCaption[]>();
  for (const image of ctx.input.files) {
    if (!isImageLike(image) || isHiddenName(image) || unreadImageReason('kohya', image) !== null) continue;
    const file = kohyaCaptionFile(ctx, image);
    const text = file === null ? null : ctx.input.texts.get(file);
    if (typeof text !== 'string') continue;
    const folder = folderOf(image);
    const list = byFolder.get(folder);
    if (list) list.push({ folder, text });
    else byFolder.set(folder, [{ folder, text }]);
  }
  return byFolder;
}

export function readKohya(ctx: Ctx, image: string): Detail {
  const { input } = ctx;
  const captionFile = kohyaCaptionFile(ctx, image);
  if (captionFile === null) {
    const classTokens = kohyaImageClassTokens(ctx, folderOf(image));
    const what = classTokens ? `the class tokens "${classTokens}"` : 'an empty caption (no class_tokens)';
    return {
      reading: { image, skipped: null, captionFile: null, source: classTokens ? 'class-tokens' : 'none', trained: [classTokens] },
      problems: [{ kind: 'uncaptioned', severity: 'warning', message: `no ${ctx.captionExtension} caption: kohya trains these on ${what}` }, ...ignoredSibling(ctx, image)],
    };
  }
  const text = input.texts.get(captionFile);
  // Opened as UTF-8: anything else raises and stops training (FACTS 52).
  if (text === null || text === undefined) return notUtf8(ctx, image, captionFile);
  const lines = pythonLines(text);
  // A 0-byte file fails an assert ("caption file is empty") and stops training (FACTS 52-53).
  if (lines.length === 0) {
    return {
      reading: { image, skipped: null, captionFile, source: 'caption', trained: [] },
      problems: [{ kind: 'caption-file-empty', severity: 'blocker', message: 'kohya stops: "caption file is empty" (0-byte caption file)' }],
    };
  }
  // Without enable_wildcard: only line 1, `.strip()`ed (FACTS 54); a blank line 1 trains on an empty caption (FACTS 57).
  const caption = pyStrip(lines[0]!);
  const problems: Detail['problems'] = [...bomProblem(ctx, caption)];
  if (caption === '') problems.push({ kind: 'empty-caption', severity: 'warning', message: 'line 1 is blank: kohya trains these on an empty caption' });
  if (caption.includes(TRIGGER_PLACEHOLDER)) problems.push(LITERAL_PLACEHOLDER);
  return { reading: { image, skipped: null, captionFile, source: 'caption', trained: [caption] }, problems };
}

/** A kohya subset's caption settings, as Tagsmith's dataset.toml writes them. */
export interface KohyaSubsetCaption {
  shuffle_caption: boolean;
  keep_tokens: number;
  keep_tokens_separator?: string;
}

/**
 * What kohya's shuffle does to line 1 of a caption (FACTS 58-65): split at `,`, tokens stripped; with
 * keep_tokens_separator in the caption, the part before it is fixed in front, the part after a second
 * one is a fixed suffix and only the middle is shuffled (keep_tokens ignored); otherwise the first
 * keep_tokens tokens are fixed. `shuffled` is the part that moves. Without shuffle_caption the caption
 * is used as is (a separator in it is trained literally): everything is fixed.
 */
export function kohyaCaptionParts(caption: string, subset: KohyaSubsetCaption): { fixed: string[]; shuffled: string[]; suffix: string[] } {
  if (!subset.shuffle_caption) return { fixed: [caption], shuffled: [], suffix: [] };
  const tokens = (part: string) => part.split(',').map(pyStrip).filter((t) => t !== '');
  const sep = subset.keep_tokens_separator;
  if (sep && caption.includes(sep)) {
    const at = caption.indexOf(sep);
    let flex = caption.slice(at + sep.length);
    let suffix: string[] = [];
    const second = flex.indexOf(sep);
    if (second >= 0) {
      suffix = tokens(flex.slice(second + sep.length));
      flex = flex.slice(0, second);
    }
    return { fixed: tokens(caption.slice(0, at)), shuffled: tokens(flex), suffix };
  }
  const all = pyStrip(caption).split(',').map(pyStrip);
  const keep = Math.max(0, subset.keep_tokens);
  return { fixed: all.slice(0, keep), shuffled: all.slice(keep), suffix: [] };
}

/** The text kohya encodes after its shuffle, with `order` standing in for random.shuffle (joined with ", "). */
export function kohyaShuffledCaption(caption: string, subset: KohyaSubsetCaption, order: (tokens: string[]) => string[] = (t) => t): string {
  if (!subset.shuffle_caption) return caption;
  const { fixed, shuffled, suffix } = kohyaCaptionParts(caption, subset);
  return [...fixed, ...order([...shuffled]), ...suffix].join(', ');
}
