import type { PromptPreset } from '../../models/prompts.ts';
import { isAbbreviationBefore, terminatorRunEnd } from '../caption/sentences.ts';
import { underscoresToSpaces } from '../tags/index.ts';

/*
 * Fills a prompt template. Placeholders: `{focus}`, `{context}`, `{tags}`, `{sentences}`, `{words}`
 * (a word budget for that many sentences, for models asked in words), `{name}` (the first trigger
 * word), `{characters}` (the tagger's character tags); any other `{word}` is left as written. Values are inserted in one pass over the template, so text the user
 * typed (a focus phrase containing `{tags}`) is never expanded again.
 *
 * Templates are read in pieces: a piece is a sentence of one line, split at `.`/`!`/`?` plus white
 * space in the template's own text, and a placeholder that opens a sentence and is followed by a
 * capitalised word (`... image. {context} Do NOT ...`) is a piece of its own.
 *  - A piece that only introduces a missing value is dropped: it holds an empty placeholder, no filled
 *    one, and its other text is only markup or a label ending in `:` (`Context: {context}`,
 *    `Tags for reference: {tags}`, `... understanding: <tags>{tags}</tags>`). A line left empty by
 *    this goes too, so single-line templates such as JoyCaption's lose only the empty sentence.
 *    Elsewhere an empty placeholder reads as '' (`Describe the image{context}.` keeps its words).
 *  - A placeholder that is a whole piece among other sentences is written as a sentence (capital,
 *    final period): a context hint is usually a bare phrase (`a turtle wearing socks`).
 *  - A preset's own template is stricter: any piece holding an empty placeholder goes. Presets are
 *    written so that each optional value has a sentence of its own ("…refer to them as {name}.").
 */

export interface PromptVars {
  /** What to describe ("pose of the girl"); empty reads as "main subject". */
  focus: string;
  /** The dataset's context hint; may be empty. */
  context: string;
  tags: readonly string[];
  sentences: number;
  /** The dataset's first trigger word, for presets that can name the subject; may be empty. */
  name?: string;
  /** Character tags from the tagger, for presets with a characters block. */
  characters?: readonly string[];
}

export interface RenderedPrompt {
  /** null: send no system message. */
  system: string | null;
  user: string;
}

const DEFAULT_FOCUS = 'main subject';
const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const PLACEHOLDER = /\{(focus|context|tags|sentences|words|name|characters)\}/g;
type Name = 'focus' | 'context' | 'tags' | 'sentences' | 'words' | 'name' | 'characters';

/** Renders the preset's prompt, or `template` in its place when given (the same placeholders apply). */
export function renderPrompt(preset: PromptPreset, vars: PromptVars, template?: string): RenderedPrompt {
  const values: Record<Name, string> = {
    focus: vars.focus.trim() || DEFAULT_FOCUS,
    context: vars.context.trim(),
    tags: formatTags(vars.tags, preset.tagStyle),
    sentences: sentenceCount(vars.sentences),
    words: String(wordBudget(vars.sentences)),
    name: vars.name?.trim() ?? '',
    characters: formatTags(vars.characters ?? [], preset.tagStyle),
  };
  const strict = template === undefined;
  const lines = (template ?? preset.template).split(/\r\n|\r|\n/);
  const out: string[] = [];
  for (const line of lines) {
    const pieces = splitPieces(line);
    const kept = pieces.filter((piece) => !(strict ? holdsMissing(piece, values) : onlyIntroducesMissing(piece, values)));
    if (kept.length === 0 && pieces.length > 0) continue;
    out.push(kept.map((piece) => fill(piece, values, kept.length > 1)).join('').trimEnd());
  }
  return { system: preset.system, user: out.join('\n') };
}

/**
 * Words to ask for when a model is asked for length in words (JoyCaption): about 15 per short
 * sentence, in the steps of ten its demo offers (20 to 260).
 */
export function wordBudget(sentences: number): number {
  const n = Number.isFinite(sentences) ? Math.max(1, Math.floor(sentences)) : 3;
  return Math.min(260, Math.max(20, Math.ceil((n * 15) / 10) * 10));
}

/** 1–10 as words ("three"), as a person would write the request; other counts as digits. */
export function sentenceCount(n: number): string {
  return Number.isInteger(n) && n >= 1 && n <= 10 ? NUMBER_WORDS[n - 1]! : String(n);
}

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Tags joined with ", " in the preset's style. `underscores` (ToriiGate was trained on raw danbooru
 * tags) turns white space inside a tag into `_`; `spaces` turns `_` into spaces. Faces made only of
 * symbols are left alone either way (`^_^` keeps its underscore, as underscoresToSpaces does).
 */
export function formatTags(tags: readonly string[], style: PromptPreset['tagStyle']): string {
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag === '') continue;
    if (style === 'spaces') out.push(underscoresToSpaces(tag));
    else out.push(HAS_WORD_CHARACTER.test(tag) ? tag.replace(/\s+/g, '_') : tag);
  }
  return out.join(', ');
}

/** A placeholder opening a sentence, then white space and a capital: the next sentence starts there. */
const LEADING_PLACEHOLDER = /^\{(?:focus|context|tags|sentences|words|name|characters)\}\s+(?=\p{Lu})/u;
const STANDALONE = /^\{(focus|context|tags|sentences|words|name|characters)\}(\s*)$/;

/**
 * Splits a template line into sentences, each keeping the white space after it, so joining restores
 * the line. A placeholder that opens a sentence and is followed by another sentence is a piece of its own.
 */
function splitPieces(line: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    if (i === start) {
      const lead = LEADING_PLACEHOLDER.exec(line.slice(i));
      if (lead && i + lead[0].length < line.length) {
        pieces.push(lead[0]);
        start = i + lead[0].length;
        i = start - 1;
        continue;
      }
    }
    const c = line[i];
    if (c !== '.' && c !== '!' && c !== '?') continue;
    const runEnd = terminatorRunEnd(line, i);
    let next = runEnd;
    while (next < line.length && /\s/.test(line[next]!)) next++;
    if (next > runEnd && next < line.length && !isAbbreviationBefore(line, i)) {
      pieces.push(line.slice(start, next));
      start = next;
    }
    i = next - 1;
  }
  if (start < line.length) pieces.push(line.slice(start));
  return pieces;
}

/** Everything but `:` that may wrap a value: markup such as `<tags></tags>`, quotes, brackets, punctuation. */
const WRAPPING = /<\/?[\w-]*>|[\s"'“”‘’«»()[\]{}.,;!?*_`-]+/g;

function onlyIntroducesMissing(piece: string, values: Record<Name, string>): boolean {
  let hasEmpty = false;
  for (const match of piece.matchAll(PLACEHOLDER)) {
    if (values[match[1] as Name] !== '') return false;
    hasEmpty = true;
  }
  if (!hasEmpty) return false;
  const rest = piece.replace(PLACEHOLDER, '').replace(WRAPPING, '');
  return rest === '' || rest.endsWith(':');
}

function holdsMissing(piece: string, values: Record<Name, string>): boolean {
  for (const match of piece.matchAll(PLACEHOLDER)) if (values[match[1] as Name] === '') return true;
  return false;
}

/** `amongSentences`: the line has other sentences, so a value standing alone must read as one too. */
function fill(piece: string, values: Record<Name, string>, amongSentences: boolean): string {
  const standalone = amongSentences ? STANDALONE.exec(piece) : null;
  if (standalone) return asSentence(values[standalone[1] as Name]) + standalone[2];
  return piece.replace(PLACEHOLDER, (_, name: Name) => values[name]);
}

function asSentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]["'”’)]*$/.test(capital) ? capital : capital + '.';
}
