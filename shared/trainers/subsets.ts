import { parseCaption } from '../caption/index.ts';

/*
 * What a trainer's subset settings depend on in the captions themselves: whether they hold sentences
 * (every trainer's shuffle splits the line at commas and would cut a sentence apart, FACTS "What each
 * trainer reads") and whether they start with the trigger words (keep_tokens may only fix what is there).
 */

/** A caption Tagsmith will have a trainer read, with the folder it is in ('/'-separated, '' = the images folder). */
export interface FolderCaption {
  folder: string;
  text: string;
}

export interface SubsetCaptions {
  /** Some caption of the folder has prose after its tags: shuffling would cut its sentences apart. */
  prose: boolean;
  /** Every caption of the folder starts with all the trigger words (false when there are none). */
  triggersLead: boolean;
}

/** The number of the trigger words that lead a caption's tags, in any order, each once. */
export function leadingTriggerCount(tags: readonly string[], triggerWords: readonly string[]): number {
  const triggers = new Set(triggerWords);
  const seen = new Set<string>();
  let count = 0;
  while (count < tags.length && triggers.has(tags[count]!) && !seen.has(tags[count]!)) seen.add(tags[count++]!);
  return count;
}

/** Per folder: its captions' facts. Without captions (not given), tags-only captions led by the trigger words are assumed. */
export function subsetCaptions(captions: readonly FolderCaption[] | undefined, folder: string, triggerWords: readonly string[]): SubsetCaptions {
  const own = captions?.filter((c) => c.folder === folder);
  if (!own || own.length === 0) return { prose: false, triggersLead: triggerWords.length > 0 };
  const docs = own.map((c) => parseCaption(c.text));
  return {
    prose: docs.some((d) => d.prose !== ''),
    triggersLead: triggerWords.length > 0 && docs.every((d) => leadingTriggerCount(d.tags, triggerWords) === triggerWords.length),
  };
}

/** Any caption holds prose. */
export const anyProse = (captions: readonly FolderCaption[] | undefined): boolean =>
  (captions ?? []).some((c) => parseCaption(c.text).prose !== '');

/** Every caption starts with all the trigger words (true when no captions are given). */
export const triggersLeadAll = (captions: readonly FolderCaption[] | undefined, triggerWords: readonly string[]): boolean =>
  triggerWords.length > 0 && (captions ?? []).every((c) => leadingTriggerCount(parseCaption(c.text).tags, triggerWords) === triggerWords.length);

/** kohya reads a folder named `<N>_<words>` as N repeats (it splits at the first `_`); null for any other name. */
export function folderRepeats(folder: string): number | null {
  const name = folder.slice(folder.lastIndexOf('/') + 1);
  const m = /^(\d+)_/.exec(name);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 ? n : null;
}

/** Reason lines shown in the config's comment when shuffling is turned off for prose. */
export const PROSE_NO_SHUFFLE = 'captions hold sentences: shuffling splits at every comma and would cut them apart';
