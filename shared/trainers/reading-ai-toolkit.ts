import { aiToolkitTriggerSetting } from './ai-toolkit.ts';
import { TRIGGER_PLACEHOLDER } from './caption.ts';
import { bomProblem, captionIsFolder, ignoredSibling, notUtf8, pyStrip, pythonText, withoutExtension, type CaptionSource, type Ctx, type Detail } from './reading-common.ts';

/* ostris ai-toolkit reading a folder in place (toolkit/data_loader.py, dataloader_mixins.py). */

export function readAiToolkit(ctx: Ctx, image: string): Detail {
  const { input, files } = ctx;
  // `<image base><caption_ext>`, else the config's default_caption, which Tagsmith does not write: an
  // empty caption. (FACTS 71 also names `default.txt`, but only CaptionMixin.get_caption_item reads
  // that, for ai-toolkit's VAE and slider datasets; the sd_trainer's FileItemDTO.load_caption does not.)
  const own = withoutExtension(image) + ctx.captionExtension;
  const inFolder = captionIsFolder(ctx, image, own);
  if (inFolder) return inFolder;
  const captionFile = files.has(own) ? own : null;
  const source: CaptionSource = captionFile ? 'caption' : 'none';
  const trigger = aiToolkitTriggerSetting(input.triggerWords) ?? '';
  const problems: Detail['problems'] = [];
  if (source !== 'caption') {
    problems.push({ kind: 'uncaptioned', severity: 'warning', message: `no ${ctx.captionExtension} caption: ai-toolkit trains these on ${trigger ? 'the trigger word alone' : 'an empty caption'}` });
    problems.push(...ignoredSibling(ctx, image));
  }
  const text = captionFile === null ? '' : input.texts.get(captionFile);
  // The file is opened as UTF-8 (non-UTF-8 raises, like kohya's read, FACTS 52 and 72).
  if (text === null || text === undefined) return notUtf8(ctx, image, captionFile!);
  // The WHOLE file, every line and the BOM included (FACTS 72), with Python's newline translation;
  // clean_caption leaves the text as it is.
  const whole = pythonText(text);
  const { text: trained, prepended } = aiToolkitCaption(whole, input.triggerWords);
  problems.push(...bomProblem(ctx, whole));
  if (source === 'caption') {
    if (pyStrip(whole) === '') {
      problems.push({ kind: 'empty-caption', severity: 'warning', message: `the caption is empty: ai-toolkit trains these on ${trigger ? 'the trigger word alone' : 'an empty caption'}` });
    }
    if (whole.split('\n').slice(1).some((l) => pyStrip(l) !== '')) {
      problems.push({ kind: 'extra-lines', severity: 'warning', message: 'ai-toolkit trains the whole file: lines after line 1 are trained too' });
    }
  }
  if (whole.includes(TRIGGER_PLACEHOLDER) && trigger.trim() === '') {
    const why = input.triggerWords.length > 1 ? `Tagsmith writes no trigger_word for ${input.triggerWords.length} trigger words` : 'no trigger_word is set';
    problems.push({ kind: 'trigger-removed', severity: 'warning', message: `${TRIGGER_PLACEHOLDER} is replaced by nothing: ${why}` });
  }
  if (prepended && source === 'caption' && pyStrip(whole) !== '') {
    problems.push({
      kind: 'trigger-prepended',
      severity: 'warning',
      message: `ai-toolkit does not find trigger_word "${trigger}" verbatim after re-joining the tags with ", ", so it puts it in front again`,
    });
  }
  if (!prepended && trigger.trim() !== '' && !hasWord(trained, trigger)) {
    problems.push({
      kind: 'trigger-inside-word',
      severity: 'warning',
      message: `trigger_word "${trigger}" is found only inside a longer word, so ai-toolkit does not add it: these train without it`,
    });
  }
  return { reading: { image, skipped: null, captionFile, source, trained: [trained] }, problems };
}

/** `word` stands in `text` on its own somewhere: no letter, digit or `_` right before or after it. */
function hasWord(text: string, word: string): boolean {
  const inWord = /[\p{L}\p{N}_]/u;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1];
    const after = text[at + word.length];
    if ((before === undefined || !inWord.test(before)) && (after === undefined || !inWord.test(after))) return true;
  }
  return false;
}

/** get_caption: split at `,` (tokens not stripped), re-joined with ", " (FACTS 73-74). */
const rejoin = (text: string): string => text.split(',').join(', ');

/**
 * The caption ai-toolkit encodes from a file's text (shuffle and dropout off): re-joined (FACTS 73-74),
 * then `[trigger]` and `[name]` replaced by trigger_word, which is put in front with a space when it is
 * not found verbatim (FACTS 74-77). trigger_word is what Tagsmith's YAML writes (ai-toolkit.ts): the
 * one trigger word, or none for several.
 */
export function aiToolkitCaption(text: string, triggerWords: readonly string[]): { text: string; prepended: boolean } {
  const trigger = aiToolkitTriggerSetting(triggerWords) ?? '';
  const caption = rejoin(text).replaceAll('[name]', trigger).replaceAll(TRIGGER_PLACEHOLDER, trigger);
  const prepended = trigger.trim() !== '' && !caption.includes(trigger);
  return { text: prepended ? `${trigger} ${caption}` : caption, prepended };
}
