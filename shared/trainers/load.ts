import { aiToolkitTriggerSetting } from './ai-toolkit.ts';
import type { TrainerLoad } from './configs.ts';
import type { ImageReading, TrainerReading } from './reading.ts';
import type { TrainerFormat } from './types.ts';

/*
 * A dataset folder used in place: the images each trainer loads from it (reading.ts, its own loading
 * rules) decide that trainer's image count, subsets and repeats, not the images Tagsmith shows with
 * a caption. The two differ: kohya skips `.Png` and `.gif` but trains an uncaptioned image on its
 * class tokens and a blank line 1 on an empty caption; OneTrainer reads `.txt` only.
 */

/** A caption as Tagsmith has it: the image, its caption file and the file's text ('/'-separated paths). */
export interface DatasetCaption {
  image: string;
  captionFile: string;
  text: string;
}

/** Short names for sentences such as "kohya loads 12 images". */
const SHORT_NAMES: Record<TrainerFormat, string> = { kohya: 'kohya', 'ai-toolkit': 'ai-toolkit', onetrainer: 'OneTrainer' };

const folderOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')));

/** What `reading.trainer` loads, as the config generators take it (configs.ts TrainerLoad). */
export function trainerLoad(reading: TrainerReading, captions: readonly DatasetCaption[], triggerWords: readonly string[]): TrainerLoad {
  const loaded = reading.images.filter((r) => r.skipped === null);
  const imagesByFolder: Record<string, number> = {};
  for (const r of loaded) imagesByFolder[folderOf(r.image)] = (imagesByFolder[folderOf(r.image)] ?? 0) + 1;
  const byImage = new Map(captions.map((c) => [c.image, c]));
  // Tagsmith's caption decides shuffling and keep_tokens only where the trainer opens that same file
  // (not for OneTrainer when the dataset's captions are .caption, nor kohya's shortened-name fallback).
  const folderCaptions = loaded.flatMap((r) => {
    const own = byImage.get(r.image);
    if (!own || r.source !== 'caption' || r.captionFile !== own.captionFile) return [];
    // OneTrainer trains any non-empty line of the file, each in turn the caption: every one of them
    // must lead with the trigger words for keep_tags_count to hold, and any may hold sentences.
    const texts = reading.trainer === 'onetrainer' ? r.trained : [own.text];
    return texts.map((text) => ({ folder: folderOf(r.image), text }));
  });
  return {
    imageCount: loaded.length,
    // '' sorts first: the images folder is the first kohya subset, as in an export.
    folders: Object.keys(imagesByFolder).sort(),
    captions: folderCaptions,
    imagesByFolder,
    counted: countedText(reading, loaded, triggerWords),
    notes: reading.findings
      .filter((f) => f.severity === 'blocker')
      .map((f) => (f.images.length > 0 ? `${f.message}: ${examples(f.images)}.` : `${f.message}.`)),
  };
}

/** "kohya loads 12 images (1 uncaptioned trains on its class tokens; 2 files it does not read are not counted: b.Png, d.gif)". */
function countedText(reading: TrainerReading, loaded: readonly ImageReading[], triggerWords: readonly string[]): string {
  const { trainer } = reading;
  const blank = new Set(reading.findings.filter((f) => f.kind === 'empty-caption').flatMap((f) => f.images));
  const parts: string[] = [];
  const add = (images: readonly ImageReading[], what: string, on: string) => {
    const one = images.length === 1;
    if (images.length > 0) parts.push(`${images.length} ${what} ${one ? 'trains' : 'train'} on ${one ? on : on.replace(/^its /, 'their ')}`);
  };
  const none = loaded.filter((r) => r.source === 'none');
  const blanks = loaded.filter((r) => r.source === 'caption' && blank.has(r.image));
  if (trainer === 'kohya') {
    add(loaded.filter((r) => r.source === 'class-tokens'), 'uncaptioned', 'its class tokens');
    add(none, 'uncaptioned', 'an empty caption (no class tokens)');
    add(blanks, 'with a blank line 1', 'an empty caption');
  } else if (trainer === 'ai-toolkit') {
    // Tagsmith's YAML writes trigger_word for exactly one trigger word.
    const alone = aiToolkitTriggerSetting(triggerWords) !== null ? 'the trigger word alone' : 'an empty caption';
    add(none, 'uncaptioned', alone);
    add(blanks, 'with an empty caption', alone);
  } else {
    add(none, 'without a .txt caption', 'an empty prompt');
    add(blanks, 'with no non-empty line', 'an empty prompt');
  }
  const skipped = reading.images.filter((r) => r.skipped !== null).map((r) => r.image);
  if (skipped.length > 0) parts.push(`${skipped.length} ${skipped.length === 1 ? 'image file it does not load is' : 'image files it does not load are'} not counted: ${examples(skipped)}`);
  const images = `${loaded.length} image${loaded.length === 1 ? '' : 's'}`;
  return `${SHORT_NAMES[trainer]} loads ${images}${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

/** Up to three names, then how many more. */
function examples(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
