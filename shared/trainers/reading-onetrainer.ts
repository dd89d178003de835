import { bomProblem, captionIsFolder, ignoredSibling, isHiddenName, LITERAL_PLACEHOLDER, notUtf8, pyStrip, pythonText, withoutExtension, type Ctx, type Detail } from './reading-common.ts';
import { TRIGGER_PLACEHOLDER } from './caption.ts';

/* OneTrainer reading a folder in place (its data-loader mixins over mgds). */

/** An image OneTrainer trains that the editor does not show (hidden, or behind a symlinked folder), or trains many times over. */
export function oneTrainerListing(ctx: Ctx, image: string): Detail['problems'] {
  const problems: Detail['problems'] = [];
  if (isHiddenName(image)) {
    problems.push({ kind: 'unseen-image', severity: 'warning', message: 'hidden (the name starts with a dot): Tagsmith does not show it, but OneTrainer trains it' });
  } else if (ctx.input.linked?.has(image)) {
    problems.push({ kind: 'unseen-image', severity: 'warning', message: 'in a symlinked folder: Tagsmith does not show it, but OneTrainer follows the link and trains it' });
  }
  // Without include_subdirectories (rootOnly) OneTrainer never enters the link.
  for (const { link, target } of ctx.input.rootOnly ? [] : (ctx.input.loops ?? [])) {
    if (target !== '' && !image.startsWith(`${target}/`)) continue;
    problems.push({
      kind: 'symlink-loop',
      severity: 'warning',
      message: `the symlinked folder "${link}" leads back to ${target === '' ? 'the dataset folder' : `"${target}"`}: OneTrainer lists these images again at every level of the loop (about 40 times), so they train that much more`,
    });
  }
  return problems;
}

export function readOneTrainer(ctx: Ctx, image: string): Detail {
  const { input, files } = ctx;
  const own = withoutExtension(image) + '.txt';
  const inFolder = captionIsFolder(ctx, image, own);
  if (inFolder) return inFolder;
  if (!files.has(own)) {
    // No <image base>.txt (any other extension is ignored, FACTS 81): the prompt is empty.
    return {
      reading: { image, skipped: null, captionFile: null, source: 'none', trained: [''] },
      problems: [{ kind: 'uncaptioned', severity: 'warning', message: 'no .txt caption: OneTrainer trains these on an empty prompt' }, ...ignoredSibling(ctx, image)],
    };
  }
  const text = input.texts.get(own);
  // mgds LoadMultipleTexts reads UTF-8 and raises "Failed to load caption file … non-UTF-8 characters"; nothing catches it.
  if (text === null || text === undefined) return notUtf8(ctx, image, own);
  // Every non-empty line is a candidate, one picked at random per step (FACTS 82-83).
  const lines = pythonText(text).split('\n').map(pyStrip);
  const candidates = lines.filter((l) => l !== '');
  const problems: Detail['problems'] = [...bomProblem(ctx, candidates[0] ?? '')];
  if (candidates.length === 0) problems.push({ kind: 'empty-caption', severity: 'warning', message: 'the caption has no non-empty line: OneTrainer trains these on an empty prompt' });
  if (lines.slice(1).some((l) => l !== '')) {
    problems.push({ kind: 'extra-lines', severity: 'warning', message: 'OneTrainer picks one non-empty line at random per step: lines after line 1 are trained in its place' });
  }
  if (candidates.some((c) => c.includes(TRIGGER_PLACEHOLDER))) problems.push(LITERAL_PLACEHOLDER);
  return { reading: { image, skipped: null, captionFile: own, source: 'caption', trained: candidates.length ? candidates : [''] }, problems };
}
