import type { LintItem } from '../input.ts';
import { mulberry32 } from '../prng.ts';

/*
 * Generated datasets for the lint's tests and benchmark, in the workflow's one-line format:
 *   ohwx, 1girl, solo, <angle>, <pose>, <framing>, <hair>, <hairstyle>, <colour garment>,
 *   <expression>, <background>, <lighting>, <accessory>. <three sentences about them>
 * Every attribute is drawn independently with a seeded PRNG, so captions are specific per image and
 * the same seed always gives the same set. `realisticDataset` adds the defects real sets have, at
 * fixed strides, so each rule has something to find.
 */

export const TRIGGER = 'ohwx';
export const SENTENCES = 3;

const ANGLES = ['low angle', 'high angle', 'from above', 'from below', 'eye level', 'from side', 'from behind'];
const POSES: ReadonlyArray<readonly [string, string]> = [
  ['standing', 'stands'], ['sitting', 'sits'], ['kneeling', 'kneels'], ['lying', 'lies'], ['squatting', 'squats'],
];
const FRAMINGS = ['close-up', 'upper body', 'cowboy shot', 'full body'];
const HAIR = ['blonde hair', 'black hair', 'brown hair', 'red hair', 'silver hair', 'pink hair', 'blue hair', 'white hair'];
const HAIRSTYLES = ['ponytail', 'twintails', 'braid', 'bob cut', 'messy hair', 'hair bun', 'straight hair', 'wavy hair'];
const COLOURS = ['red', 'blue', 'green', 'black', 'white', 'yellow', 'purple', 'orange'];
const GARMENTS = ['dress', 'jacket', 'sweater', 'kimono', 'shirt', 'hoodie', 'coat', 'skirt'];
const EXPRESSIONS: ReadonlyArray<readonly [string, string]> = [
  ['smile', 'cheerful'], ['frown', 'annoyed'], ['open mouth', 'surprised'], ['closed eyes', 'calm'],
  ['laughing', 'delighted'], ['serious', 'focused'], ['blush', 'shy'], ['pout', 'sulky'],
];
const BACKGROUNDS: ReadonlyArray<readonly [string, string]> = [
  ['beach', 'on the sand'], ['forest', 'among tall pines'], ['classroom', 'beside a wooden desk'],
  ['city street', 'on a busy sidewalk'], ['bedroom', 'near an unmade bed'], ['cafe', 'by a marble counter'],
  ['rooftop', 'at a rusty railing'], ['library', 'between dusty shelves'], ['garden', 'among rose bushes'],
  ['train station', 'on an empty platform'],
];
const LIGHTING: ReadonlyArray<readonly [string, string]> = [
  ['sunlight', 'warm sunlight'], ['backlighting', 'strong backlight'], ['dim lighting', 'dim light'],
  ['sunset', 'orange dusk'], ['neon lights', 'pink neon'], ['overcast', 'grey daylight'],
  ['lamp light', 'yellow lamplight'], ['moonlight', 'pale moonlight'],
];
const ACCESSORIES: ReadonlyArray<readonly [string, string]> = [
  ['earrings', 'small earrings'], ['glasses', 'round glasses'], ['hat', 'a straw hat'], ['scarf', 'a knitted scarf'],
  ['necklace', 'a thin necklace'], ['hair ribbon', 'a hair ribbon'], ['choker', 'a velvet choker'], ['wristwatch', 'a wristwatch'],
];

export interface Caption {
  tags: string[];
  sentences: string[];
}

export function render(c: Caption): string {
  return `${c.tags.join(', ')}. ${c.sentences.join(' ')}\n`;
}

/**
 * A clean, varied caption: trigger first, one tag of each default group (unless `groups` is false:
 * many real sets never state an angle, a pose or a framing), three sentences.
 */
export function variedCaption(random: () => number, opts: { groups?: boolean } = {}): Caption {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const [pose, verb] = pick(POSES);
  const [background, place] = pick(BACKGROUNDS);
  const [expression, mood] = pick(EXPRESSIONS);
  const [lighting, light] = pick(LIGHTING);
  const [accessory, wearing] = pick(ACCESSORIES);
  const colour = pick(COLOURS);
  const garment = pick(GARMENTS);
  // Drawn either way, so a seed gives the same other attributes with and without the groups.
  const groupTags = [pick(ANGLES), pose, pick(FRAMINGS)];
  return {
    tags: [
      TRIGGER, '1girl', 'solo', ...(opts.groups === false ? [] : groupTags), pick(HAIR), pick(HAIRSTYLES),
      `${colour} ${garment}`, expression, background, lighting, accessory,
    ],
    sentences: [
      `She ${verb} ${place}.`,
      `She wears a ${colour} ${garment} and ${wearing}.`,
      `She looks ${mood} in the ${light}.`,
    ],
  };
}

/** `count` clean captions: no rule should fire on them. */
export function variedDataset(count: number, seed = 1, opts: { groups?: boolean } = {}): LintItem[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => ({ id: imageId(i), caption: render(variedCaption(random, opts)) }));
}

export interface RealisticDataset {
  items: LintItem[];
  sameImages: string[][];
}

/**
 * Varied captions with defects at fixed strides (index i, first match wins): a copy of the previous
 * caption (every 40th), a near-copy with one more tag and one more word (53rd), no caption file
 * (211th), the trigger word left out (97th) or moved back (89th), a filler opener (71st), a repeated
 * tag (131st), an underscored tag (151st), no pose tag (301st). Every 500th image is the same
 * picture as the one before it (with its own caption).
 */
export function realisticDataset(count: number, seed = 1): RealisticDataset {
  const random = mulberry32(seed);
  const captions: Caption[] = [];
  const items: LintItem[] = [];
  for (let i = 0; i < count; i++) {
    let c = variedCaption(random);
    const prev = captions[i - 1];
    if (i % 211 === 210) {
      captions.push(c);
      items.push({ id: imageId(i), caption: null });
      continue;
    }
    if (prev && i % 40 === 39) c = { tags: [...prev.tags], sentences: [...prev.sentences] };
    else if (prev && i % 53 === 52) {
      c = { tags: [...prev.tags, 'looking at viewer'], sentences: [...prev.sentences.slice(0, 2), prev.sentences[2]!.replace('She', 'She also')] };
    } else if (i % 97 === 96) c.tags = c.tags.slice(1);
    else if (i % 89 === 88) c.tags = [...c.tags.slice(1, 4), TRIGGER, ...c.tags.slice(4)];
    else if (i % 71 === 70) c.sentences[0] = `In this image, she ${c.sentences[0]!.slice(4)}`;
    else if (i % 131 === 130) c.tags.push(c.tags[2]!);
    else if (i % 151 === 150) c.tags = c.tags.map((t) => t.replaceAll(' ', '_'));
    else if (i % 301 === 300) c.tags = c.tags.filter((t) => !POSES.some(([p]) => p === t));
    captions.push(c);
    items.push({ id: imageId(i), caption: render(c) });
  }
  const sameImages: string[][] = [];
  for (let i = 499; i < count; i += 500) sameImages.push([imageId(i - 1), imageId(i)]);
  return { items, sameImages };
}

function imageId(i: number): string {
  return `img_${String(i).padStart(5, '0')}.png`;
}
