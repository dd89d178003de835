import { normalizeTags } from '../caption/index.ts';
import { underscoresToSpaces } from '../tags/index.ts';
import { err, ok, type Result } from '../result.ts';
import type { TaggerConfig, TagRule } from './config.ts';
import { CATEGORY, type TagLabel } from './labels.ts';

/*
 * From one image's WD14 probabilities to the tag list written into its caption.
 *
 * 1. Candidates: general (category 0) and character (category 4) labels whose score is strictly
 *    greater than the threshold (FACTS.md). With `mcut` each category gets its own threshold at the
 *    largest gap of its sorted scores, the character one never below 0.15, as SmilingWolf's demo does.
 * 2. Order: by score, highest first (the demo); with `characterFirst` all character tags come before
 *    the general ones. Equal scores keep the CSV order.
 * 3. Rating: with `rating`, the most likely rating tag goes first, where kohya's
 *    `--use_rating_tags` puts it. (The merge step still puts trigger words before it.)
 * 4. Names: underscores become spaces (kaomoji such as `^_^` keep theirs) unless `keepUnderscores`;
 *    parentheses stay raw: `hatsune miku (cosplay)`.
 * 5. `exclude` drops a tag, `rules` rename it (an empty `to` drops it, a `to` with commas gives several
 *    tags; `to` is written as the user typed it, underscores and case included). Both match by tagKey,
 *    so `long_hair`, `Long Hair` and `long hair` are one tag. Rules apply
 *    once, to the model's tags: a rule's output is never matched by another rule, so rules cannot loop.
 *    `exclude` is checked against the model's tag and against what a rule made of it.
 * 6. Repeats (two tags mapped to one) are dropped by tagKey; the first, higher-scored one stays.
 */

export type SelectConfig = Pick<
  TaggerConfig,
  'general' | 'character' | 'mcut' | 'rating' | 'characterFirst' | 'keepUnderscores' | 'exclude' | 'rules'
>;

export interface ScoredTag {
  /** The name as written into the caption (after underscores and rules). */
  name: string;
  score: number;
  category: number;
}

export interface TagSelection {
  tags: string[];
  /** The most likely rating label (`general`, `sensitive`...) whether or not it was added; null when the model has none. */
  rating: string | null;
  /** One entry per tag in `tags`, same order. */
  scored: ScoredTag[];
}

/** The character MCut threshold never drops below this (SmilingWolf's demo). */
export const CHARACTER_MCUT_FLOOR = 0.15;

/**
 * How two spellings of a tag are compared: case-insensitive, `_` read as a space, white space
 * collapsed. `Long_Hair` and `long hair` are the same tag.
 */
export function tagKey(tag: string): string {
  return tag.toLowerCase().replaceAll('_', ' ').replace(/\s+/g, ' ').trim();
}

interface Candidate {
  index: number;
  name: string;
  score: number;
  category: number;
}

/**
 * Picks the caption tags for one image. `probs[i]` is the score of `labels[i]`; outputs beyond either
 * list and non-finite scores are ignored (the tagger checks that the model and the CSV agree).
 */
export function selectTags(probs: ArrayLike<number>, labels: readonly TagLabel[], cfg: SelectConfig): TagSelection {
  const general: Candidate[] = [];
  const character: Candidate[] = [];
  let rating: Candidate | null = null;
  const n = Math.min(probs.length, labels.length);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    const score = probs[i]!;
    if (label.name === '' || !Number.isFinite(score)) continue;
    const c = { index: i, name: label.name, score, category: label.category };
    if (label.category === CATEGORY.general) general.push(c);
    else if (label.category === CATEGORY.character) character.push(c);
    else if (label.category === CATEGORY.rating && (rating === null || score > rating.score)) rating = c;
  }

  const generalAt = cfg.mcut ? (mcutThreshold(general.map((c) => c.score)) ?? cfg.general) : cfg.general;
  const characterMcut = cfg.mcut ? mcutThreshold(character.map((c) => c.score)) : null;
  const characterAt = characterMcut === null ? cfg.character : Math.max(CHARACTER_MCUT_FLOOR, characterMcut);

  const picked = [...general.filter((c) => c.score > generalAt), ...character.filter((c) => c.score > characterAt)];
  picked.sort((a, b) => {
    if (cfg.characterFirst && a.category !== b.category) return a.category === CATEGORY.character ? -1 : 1;
    return b.score - a.score || a.index - b.index;
  });
  if (cfg.rating && rating) picked.unshift(rating);

  const renamer = new Renamer(cfg);
  const tags: string[] = [];
  const scored: ScoredTag[] = [];
  const seen = new Set<string>();
  for (const c of picked) {
    for (const name of renamer.rename(c.name)) {
      const key = tagKey(name);
      if (seen.has(key)) continue;
      seen.add(key);
      tags.push(name);
      scored.push({ name, score: c.score, category: c.category });
    }
  }
  return { tags, rating: rating?.name ?? null, scored };
}

/**
 * The midpoint of the largest gap between neighbouring scores sorted high to low (Largeron et al.'s
 * MCut, as in SmilingWolf's demo); null with fewer than two scores, where there is no gap.
 */
export function mcutThreshold(scores: readonly number[]): number | null {
  if (scores.length < 2) return null;
  const sorted = [...scores].sort((a, b) => b - a);
  let at = 0;
  let widest = -Infinity;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const gap = sorted[i]! - sorted[i + 1]!;
    // Strictly wider: the first of equal gaps wins, as numpy's argmax does.
    if (gap > widest) {
      widest = gap;
      at = i;
    }
  }
  return (sorted[at]! + sorted[at + 1]!) / 2;
}

/** Turns a model tag name into the caption's tags: underscores, exclude and rules from one config. */
class Renamer {
  private readonly excluded: ReadonlySet<string>;
  private readonly rules: ReadonlyMap<string, string[]>;
  private readonly keepUnderscores: boolean;

  constructor(cfg: Pick<SelectConfig, 'exclude' | 'rules' | 'keepUnderscores'>) {
    this.keepUnderscores = cfg.keepUnderscores;
    this.excluded = new Set(cfg.exclude.map(tagKey).filter((k) => k !== ''));
    const rules = new Map<string, string[]>();
    for (const rule of cfg.rules) {
      const key = tagKey(rule.from);
      // The first rule for a tag wins, as the text form reads top to bottom.
      if (key !== '' && !rules.has(key)) rules.set(key, normalizeTags([rule.to]));
    }
    this.rules = rules;
  }

  rename(modelName: string): string[] {
    const key = tagKey(modelName);
    if (this.excluded.has(key)) return [];
    const mapped = this.rules.get(key);
    if (mapped) return mapped.filter((t) => !this.excluded.has(tagKey(t)));
    return [this.keepUnderscores ? modelName : underscoresToSpaces(modelName)];
  }
}

/*
 * The text form of tag rules, one per line:
 *
 *   # comments and blank lines are ignored
 *   1girl -> woman
 *   simple_background ->          (an empty right side drops the tag)
 *   solo -> alone, single         (commas give several tags)
 *
 * The first `->` splits a line; both sides are trimmed. Two escapes keep every rule writable: a tag
 * that starts with `#` is written `\#tag` (else the line reads as a comment) and a `->` inside a tag
 * is written `-\>`. More backslashes stand for themselves minus one, so `\\#` is the text `\#`.
 */

const ARROW = '->';

/** Parses the text form above; the error names the first bad line. */
export function parseTagRules(text: string): Result<TagRule[]> {
  const rules: TagRule[] = [];
  const firstLine = new Map<string, number>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const lineNo = i + 1;
    if (line === '' || line.startsWith('#')) continue;
    const arrow = line.indexOf(ARROW);
    if (arrow < 0) return ruleError(lineNo, `expected "tag -> replacement", got "${line}"`);
    const from = unescapeSide(line.slice(0, arrow).trim(), true);
    const to = unescapeSide(line.slice(arrow + ARROW.length).trim(), false);
    if (from === '') return ruleError(lineNo, 'no tag before "->"');
    const key = tagKey(from);
    const earlier = firstLine.get(key);
    if (earlier !== undefined) return ruleError(lineNo, `"${from}" already has a rule on line ${earlier}`);
    firstLine.set(key, lineNo);
    rules.push({ from, to });
  }
  return ok(rules);
}

/** Writes rules in the text form; `parseTagRules(formatTagRules(r))` gives back trimmed, one-line rules unchanged. */
export function formatTagRules(rules: readonly TagRule[]): string {
  return rules
    .map((r) => {
      const to = escapeSide(oneLine(r.to), false);
      return `${escapeSide(oneLine(r.from), true)} ${ARROW}${to === '' ? '' : ' ' + to}`;
    })
    .join('\n');
}

function ruleError(line: number, message: string): Result<never> {
  return err({ kind: 'tag-rule-syntax', message: `line ${line}: ${message}` });
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

function escapeSide(text: string, isFrom: boolean): string {
  const arrows = text.replace(/-(\\*)>/g, '-\\$1>');
  return isFrom ? arrows.replace(/^(\\*)#/, '\\$1#') : arrows;
}

function unescapeSide(text: string, isFrom: boolean): string {
  const arrows = text.replace(/-\\(\\*)>/g, '-$1>');
  return isFrom ? arrows.replace(/^\\(\\*)#/, '$1#') : arrows;
}
