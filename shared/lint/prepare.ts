import { parseCaption, splitSentences } from '../caption/index.ts';
import { cleanWords } from '../tags/triggers.ts';
import { tagKey } from '../tags/tag-key.ts';
import type { LintInput } from './input.ts';

/*
 * Every caption is read once here; the rules only look at the result.
 *
 * - Trainers read line 1 only, so line 1 is the caption. `missing` = no caption file, `blank` = the
 *   file exists but line 1 holds no tag and no prose, `captioned` otherwise.
 * - Tags are compared by tagKey (shared/tags/tag-key.ts, the app's one tag identity): case-insensitive,
 *   `_` read as a space except in kaomoji, so `Long_Hair` and `long hair` are one tag.
 * - Prose is compared as its set of words: lowercased runs of letters and digits.
 * - `content` and `words` leave the trigger words out: they are in every caption by design, so
 *   they say nothing about how captions differ. Both are sorted arrays of interned ids, which makes
 *   set similarity a merge of two sorted arrays. They are views into one shared Int32Array per
 *   lint run rather than 20,000 arrays of their own (10,000 captions): less for the garbage
 *   collector, which was the largest single cost of a lint run.
 */

export type CaptionState = 'missing' | 'blank' | 'captioned';

export interface Entry {
  /** Position in the dataset. */
  readonly index: number;
  readonly id: string;
  readonly state: CaptionState;
  /** Line 1 as trainers read it (no BOM, no line break). */
  readonly line: string;
  /** Line 1 was blank while later lines hold text. */
  readonly textBelow: boolean;
  /** The tags as written. */
  readonly tags: readonly string[];
  /** tagKey of each tag, in the same order. */
  readonly keys: readonly string[];
  readonly prose: string;
  /** Sorted unique tag ids, trigger words left out. */
  readonly content: Int32Array;
  /** Sorted unique prose word ids, trigger words left out. */
  readonly words: Int32Array;
  /** Id of the tag set (`content`): captions with the same tags in any order share it; -1 if none. */
  readonly tagSet: number;
  /**
   * Same tag set and same sentences (lowercased, white space runs as one space): identical captions
   * share it; -1 when not captioned.
   */
  readonly key: number;
  /** The picture it shows: the index of its sameImages group, else a number no other image has. */
  readonly picture: number;
}

export interface LintContext {
  readonly input: LintInput;
  readonly entries: readonly Entry[];
  readonly captioned: readonly Entry[];
  /** The trigger words cleaned (trimmed, no empties, no repeats), in order. */
  readonly triggers: readonly string[];
  readonly triggerKeys: ReadonlySet<string>;
  /** Tag key of each tag id. */
  readonly tagNames: readonly string[];
  /** Word of each word id. */
  readonly wordNames: readonly string[];
  /** The sentences of an entry's prose (splitSentences), split once per lint run. */
  sentencesOf(entry: Entry): readonly string[];
}

const WORD = /[\p{L}\p{N}]+/gu;

export function prepare(input: LintInput): LintContext {
  const triggers = cleanWords(input.triggerWords);
  const triggerKeys = new Set(triggers.map(tagKey));
  const tagIds = new Map<string, number>();
  const wordIds = new Map<string, number>();
  const keyOf = new Map<string, string>();
  const pictures = pictureIndex(input);
  const entries: Entry[] = [];
  const captioned: Entry[] = [];
  const pool = new IdPool();
  // Tag sets and sentences are compared through ids: a key string per image would be kept per image.
  const tagSetIds = new Map<string, number>();
  const proseIds = new Map<string, number>();
  // Both ids are below the number of items, so this pairs them without collisions.
  const width = input.items.length + 1;

  for (let index = 0; index < input.items.length; index++) {
    const item = input.items[index]!;
    const picture = pictures.get(item.id) ?? -1 - index;
    if (item.caption === null) {
      entries.push(emptyEntry(index, item.id, 'missing', '', false, picture));
      continue;
    }
    const doc = parseCaption(item.caption);
    const line = doc.layout.line;
    if (doc.tags.length === 0 && doc.prose === '') {
      entries.push(emptyEntry(index, item.id, 'blank', line, doc.layout.rest.trim() !== '', picture));
      continue;
    }
    const keys = doc.tags.map((t) => {
      let k = keyOf.get(t);
      if (k === undefined) keyOf.set(t, (k = tagKey(t)));
      return k;
    });
    const content = pool.add(keys, tagIds, triggerKeys);
    const words = doc.prose ? pool.add(doc.prose.toLowerCase().match(WORD) ?? [], wordIds, triggerKeys) : NONE;
    const tagSet = intern(tagSetIds, content.join(','));
    const proseId = intern(proseIds, proseKey(doc.prose));
    const entry: Entry = {
      index,
      id: item.id,
      state: 'captioned',
      line,
      textBelow: false,
      tags: doc.tags,
      keys,
      prose: doc.prose,
      content,
      words,
      tagSet,
      key: tagSet * width + proseId,
      picture,
    };
    entries.push(entry);
    captioned.push(entry);
  }

  const split: (readonly string[] | undefined)[] = [];

  return {
    input,
    entries,
    captioned,
    triggers,
    triggerKeys,
    tagNames: [...tagIds.keys()],
    wordNames: [...wordIds.keys()],
    sentencesOf: (e) => (split[e.index] ??= e.prose === '' ? [] : splitSentences(e.prose)),
  };
}

function intern(ids: Map<string, number>, key: string): number {
  let id = ids.get(key);
  if (id === undefined) ids.set(key, (id = ids.size));
  return id;
}

function emptyEntry(index: number, id: string, state: CaptionState, line: string, textBelow: boolean, picture: number): Entry {
  return { index, id, state, line, textBelow, tags: [], keys: [], prose: '', content: NONE, words: NONE, tagSet: -1, key: -1, picture };
}

const NONE = new Int32Array(0);

const ODD_SPACE = /\s\s|[^\S ]/;

/**
 * Sentences as compared for identical captions: lowercased, white space runs as one space. The
 * replace only runs when needed: V8 keeps a global replace's result at several times its length.
 */
function proseKey(prose: string): string {
  const lower = prose.toLowerCase();
  return ODD_SPACE.test(lower) ? lower.replace(/\s+/g, ' ') : lower;
}

/**
 * Interned id sets, stored back to back in one growing buffer. `add` returns a view of the set just
 * stored; when the buffer grows, views handed out earlier keep the old buffer, whose contents stay
 * valid, so every view is final the moment it is returned.
 */
class IdPool {
  private buf = new Int32Array(1 << 16);
  private used = 0;

  /** Interns `names` (minus `skip`) into `ids` and returns their ids sorted, without repeats. */
  add(names: readonly string[], ids: Map<string, number>, skip: ReadonlySet<string>): Int32Array {
    if (this.buf.length - this.used < names.length) {
      const grown = new Int32Array(Math.max(this.buf.length * 2, names.length * 2));
      this.buf = grown;
      this.used = 0;
    }
    const start = this.used;
    const buf = this.buf;
    let n = start;
    for (const name of names) {
      if (skip.has(name)) continue;
      let id = ids.get(name);
      if (id === undefined) ids.set(name, (id = ids.size));
      buf[n++] = id;
    }
    const sorted = buf.subarray(start, n).sort();
    let w = 0;
    for (let r = 0; r < sorted.length; r++) if (r === 0 || sorted[r] !== sorted[r - 1]) sorted[w++] = sorted[r]!;
    this.used = start + w;
    return buf.subarray(start, start + w);
  }
}

/** Image id -> index of its sameImages group; an id in several groups keeps the first. */
function pictureIndex(input: LintInput): Map<string, number> {
  const out = new Map<string, number>();
  (input.sameImages ?? []).forEach((group, g) => {
    for (const id of group) if (!out.has(id)) out.set(id, g);
  });
  return out;
}
