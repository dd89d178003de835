import { splitSentences } from '../caption/index.ts';

/*
 * Turns a vision LLM's answer into the N sentences written into a caption.
 *
 * The answer is unwrapped first: the model's reasoning (`<think>...</think>`), code fences, markdown
 * emphasis and backticks, headings, block quotes, bullets and numbers (`- `, `1. `, `Sentence 2:`), a
 * preamble line ending in `:` ("Here are three sentences:"), quotes around a line or the whole answer.
 * Lines are joined with spaces and white space collapsed: a caption is one line.
 *
 * Then each sentence (split as the caption editor counts them, shared/caption splitSentences) is
 * cleaned by the rules below, repeated until none applies, because one can expose another ("In this
 * image, we can see..."). Rules only ever shorten the text.
 *
 * Openers, at the start of a sentence; dropped, and the rest capitalised:
 * | opener                                                           | example                                      |
 * |------------------------------------------------------------------|----------------------------------------------|
 * | There is / are / was / were, There's                             | There is a red car. -> A red car.            |
 * | We / You / One (can, could) (also) see / observe / notice (that) | We can see a woman. -> A woman.              |
 * | In this / the image / picture / photo / illustration ... (,)     | In the image, a cat sleeps. -> A cat sleeps. |
 * | The / This image / picture / photo / scene ... shows / depicts / | The image shows a dog. -> A dog.             |
 * |   features / displays / presents / portrays / captures /         |                                              |
 * |   showcases / is of (that)                                       |                                              |
 * | This is a / an / the image / picture / photo ... of              | This is a photo of a cat. -> A cat.          |
 * | (It) looks / seems / appears (like / that / as if / to be)       | It looks like a cat. -> A cat.               |
 * | Here is / are, Here's (... up to a `:`)                          | Here are three sentences: A dog. -> A dog.   |
 * | Sure / Certainly / Of course / Okay / Absolutely + punctuation   | Sure! -> (sentence dropped)                  |
 * | Caption: / Description:                                          | Caption: A dog. -> A dog.                    |
 *
 * Hedges, anywhere in a sentence:
 * | hedge                                         | becomes   | example                                           |
 * |-----------------------------------------------|-----------|---------------------------------------------------|
 * | what appears to be / seems to be / looks like | (removed) | holds what appears to be a sword -> holds a sword |
 * | possibly / probably / perhaps / presumably /  | (removed) | a probably red car -> a red car                   |
 * |   apparently / seemingly / most likely        |           |                                                   |
 * | looks like                                    | is        | The car looks like a toy. -> The car is a toy.    |
 * | look like                                     | are       | The cats look like twins. -> The cats are twins.  |
 * | appears to be / seems to be                   | is        | She appears to be smiling. -> She is smiling.     |
 * | appear to be / seem to be                     | are       | They seem to be asleep. -> They are asleep.       |
 * | might / may / could be                        | is or are | It might be a cat. -> It is a cat.                |
 *
 * For the modals, "are" follows they / we / you / these / those / both / many / several or a word that
 * ends in a plural -s (`legs`, not `dress`, `bus` or `this`); anything else gets "is". Hedges in other
 * forms ("She appears to smile") are left alone rather than guessed at.
 *
 * Finally each sentence starts with a capital (after any opening quote) and ends with `.`, `!`, `?`
 * or `…` (a period is added, trailing `,;:` and dashes dropped). Sentences past N are cut.
 */

export interface CleanedSentences {
  /** The kept sentences joined with single spaces: one line. */
  text: string;
  sentences: string[];
  /** How many sentences were kept (at most n). */
  count: number;
  /** Fewer than n sentences were found. */
  tooFew: boolean;
  /** How many extra sentences were dropped to keep n. */
  cut: number;
  /** What was changed, in words ("removed 'There is'"), each once, in the order first done. */
  fixes: string[];
}

class FixLog {
  private readonly seen = new Set<string>();
  readonly list: string[] = [];
  add(fix: string): void {
    if (this.seen.has(fix)) return;
    this.seen.add(fix);
    this.list.push(fix);
  }
}

/** Enough for any real answer; the loop exists because a rule's output can feed another (see below). */
const MAX_PASSES = 4;

export function cleanSentences(raw: string, n: number): CleanedSentences {
  const want = Math.max(0, Math.floor(n));
  const fixes = new FixLog();
  let cut = 0;
  let sentences: string[] = [];
  let text = raw;
  // One pass nearly always settles it; a second is needed when cleaning a sentence exposes something
  // that only the whole-answer step recognises (an opener removed from `There is "a car. A dog."`
  // leaves quotes around the answer). Repeating until the text is stable makes cleaning idempotent.
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const body = unwrapAnswer(text, fixes);
    const cleaned = splitSentences(body).map((s) => cleanSentence(s, fixes)).filter((s) => s !== '');
    // Split again: a sentence that now ends in `Mr.` joins the next one, as the editor will count it.
    const all = splitSentences(cleaned.join(' '));
    sentences = all.slice(0, want);
    cut += all.length - sentences.length;
    const next = sentences.join(' ');
    if (next === text) break;
    text = next;
  }
  if (cut > 0) fixes.add(`cut ${cut} extra sentence${cut === 1 ? '' : 's'}`);
  return { text, sentences, count: sentences.length, tooFew: sentences.length < want, cut, fixes: fixes.list };
}

// ---- the whole answer -------------------------------------------------------------------------

const REASONING_END = /<\/think>/gi;
const REASONING_START = /<think>/i;
const CODE_FENCE_LINE = /^\s*```/;
const EMPHASIS = /\*+|__+|`+/g;
const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/;

function unwrapAnswer(raw: string, fixes: FixLog): string {
  let text = raw;
  const closings = [...text.matchAll(REASONING_END)];
  const last = closings[closings.length - 1];
  if (last) {
    // Some servers strip the opening tag: everything before the last closing one is reasoning.
    text = text.slice(last.index + last[0].length);
    fixes.add("removed the model's reasoning");
  }
  const unclosed = REASONING_START.exec(text);
  if (unclosed) {
    // Reasoning cut off by the token limit: no answer follows it, and it must not become one.
    text = text.slice(0, unclosed.index);
    fixes.add("removed the model's reasoning");
  }

  let lines = text.split(LINE_BREAK).filter((line) => {
    if (!CODE_FENCE_LINE.test(line)) return true;
    fixes.add('removed markdown');
    return false;
  });
  lines = lines
    .map((line) => {
      const plain = line.replace(EMPHASIS, '');
      if (plain !== line) fixes.add('removed markdown');
      return unquote(stripMarkers(plain.trim(), fixes), fixes);
    })
    .filter((line) => line !== '');
  if (lines.length > 1 && lines[0]!.endsWith(':')) {
    fixes.add(`removed the preamble '${lines[0]}'`);
    lines = lines.slice(1);
  }
  if (lines.length > 1) fixes.add('joined the lines into one');
  return unquote(joinLines(lines).replace(/\s+/g, ' ').trim(), fixes);
}

/**
 * A line followed by one that starts with a capital ends a sentence even without punctuation (list
 * items often have none); a lowercase next line continues the sentence.
 */
function joinLines(lines: readonly string[]): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    const endsSentence = next !== undefined && /^["'“‘«(]*\p{Lu}/u.test(next) && !TERMINATED.test(line);
    out += (i > 0 ? ' ' : '') + (endsSentence ? line.replace(/[\s,;:\-–—]+$/, '') + '.' : line);
  }
  return out;
}

/** Bullets, numbers, headings and block quotes at the start of a line or sentence. */
const MARKER = /^(?:#{1,6}(?:\s+|$)|>\s+|[-+•‣–—]\s+|\d{1,2}[.)](?:\s+|$)|(?:sentence|caption)\s*\d{1,2}\s*[:.)-]\s*)/i;

function stripMarkers(text: string, fixes: FixLog): string {
  let out = text;
  for (let m = MARKER.exec(out); m; m = MARKER.exec(out)) out = out.slice(m[0].length);
  if (out !== text) fixes.add('removed list markers');
  return out;
}

const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [['"', '"'], ['“', '”'], ["'", "'"], ['‘', '’'], ['«', '»']];

/** Removes quotes around the whole text when they are the only quotes of their kind in it. */
function unquote(text: string, fixes: FixLog): string {
  let out = text;
  for (;;) {
    const pair = QUOTE_PAIRS.find(([open, close]) => out.length >= 2 && out.startsWith(open) && out.endsWith(close));
    if (!pair) break;
    const inner = out.slice(1, -1);
    if (inner.includes(pair[0]) || inner.includes(pair[1])) break;
    out = inner.trim();
  }
  if (out !== text) fixes.add('removed quotes around the answer');
  return out;
}

// ---- one sentence -----------------------------------------------------------------------------

const IMAGE_NOUN = '(?:image|picture|photo|photograph|illustration|artwork|drawing|painting)';
const OPENERS: readonly RegExp[] = [
  /^there(?:'s|’s|\s+(?:is|are|was|were))\b/i,
  /^(?:we|you|one)\s+(?:can\s+|could\s+)?(?:also\s+)?(?:see|observe|notice)(?:\s+that)?\b/i,
  new RegExp(`^in\\s+(?:this|the)\\s+${IMAGE_NOUN}\\b`, 'i'),
  new RegExp(
    `^(?:the|this)\\s+(?:${IMAGE_NOUN}|scene)\\s+(?:shows|depicts|features|displays|presents|portrays|captures|showcases|is\\s+of)(?:\\s+that)?\\b`,
    'i',
  ),
  new RegExp(`^this\\s+is\\s+(?:an?|the)\\s+${IMAGE_NOUN}\\s+of\\b`, 'i'),
  /^(?:it\s+)?(?:looks|seems|appears)(?:\s+(?:like|that|as\s+if|to\s+be))?\b/i,
  /^here(?:'s|’s|\s+(?:is|are))\b[^.!?:]{0,80}:/i,
  /^here(?:'s|’s|\s+(?:is|are))\b/i,
  /^(?:sure|certainly|of\s+course|okay|absolutely)(?:[!,.]+|$)/i,
  /^(?:caption|description)\s*:/i,
];

interface Hedge {
  pattern: RegExp;
  /** '' removes the hedge; a function picks is/are from the text before it. */
  to: string | ((before: string) => string);
}

const PLURAL_SUBJECTS: ReadonlySet<string> = new Set(['they', 'we', 'you', 'these', 'those', 'both', 'many', 'several']);

function isOrAre(before: string): string {
  const word = /([\p{L}'’]+)\W*$/u.exec(before)?.[1]?.toLowerCase() ?? '';
  if (PLURAL_SUBJECTS.has(word)) return 'are';
  // Plural nouns end in -s; `dress`, `bus`, `this`, `her dog's` do not count.
  return /[^sui'’]s$/.test(word) ? 'are' : 'is';
}

const HEDGES: readonly Hedge[] = [
  { pattern: /\bwhat\s+(?:(?:appears|seems)\s+to\s+be|looks\s+like)\b/gi, to: '' },
  { pattern: /\b(?:possibly|probably|perhaps|presumably|apparently|seemingly|most\s+likely)\b/gi, to: '' },
  { pattern: /\blooks\s+like\b/gi, to: 'is' },
  { pattern: /\blook\s+like\b/gi, to: 'are' },
  { pattern: /\b(?:appears|seems)\s+to\s+be\b/gi, to: 'is' },
  { pattern: /\b(?:appear|seem)\s+to\s+be\b/gi, to: 'are' },
  { pattern: /\b(?:might|may|could)\s+be\b/gi, to: isOrAre },
];

function cleanSentence(sentence: string, fixes: FixLog): string {
  let s = sentence;
  let touched = false;
  for (;;) {
    const before = s;
    s = unquote(stripMarkers(s, fixes), fixes);
    s = removeOpeners(s, fixes);
    s = replaceHedges(s, fixes);
    if (s === before) break;
    touched = true;
    s = tidy(s);
  }
  if (!/[\p{L}\p{N}]/u.test(s)) return '';
  return finish(s, fixes, touched);
}

function removeOpeners(sentence: string, fixes: FixLog): string {
  let s = sentence;
  for (let again = true; again; ) {
    again = false;
    for (const opener of OPENERS) {
      const m = opener.exec(s);
      if (!m) continue;
      fixes.add(`removed '${m[0].trim()}'`);
      s = s.slice(m[0].length).replace(/^[\s,:;]+/, '');
      again = true;
    }
  }
  return s;
}

function replaceHedges(sentence: string, fixes: FixLog): string {
  let s = sentence;
  for (const { pattern, to } of HEDGES) {
    s = s.replace(pattern, (match: string, offset: number, whole: string) => {
      const word = typeof to === 'string' ? to : to(whole.slice(0, offset));
      fixes.add(word === '' ? `removed '${match}'` : `replaced '${match}' with '${word}'`);
      return /^\p{Lu}/u.test(match) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
    });
  }
  return s;
}

/** Mends what a removal leaves behind: double spaces, `is , happy`, a leading comma. */
function tidy(sentence: string): string {
  return sentence
    .replace(/\s+/g, ' ')
    .replace(/ ([,;:.!?])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/,([.!?])/g, '$1')
    .replace(/^[\s,;:]+/, '')
    .trim();
}

const OPENING = /^["'“‘«([]*/;
const TERMINATED = /[.!?…]["'”’»)\]]*$/;

function finish(sentence: string, fixes: FixLog, touched: boolean): string {
  let s = sentence;
  const at = OPENING.exec(s)![0].length;
  const first = String.fromCodePoint(s.codePointAt(at) ?? 32);
  const upper = first.toUpperCase();
  // `ß` would become `SS` and `ᵫ` has no capital: only a one-letter capital is a capitalisation.
  if (upper !== first && upper.length === first.length) {
    s = s.slice(0, at) + upper + s.slice(at + first.length);
    if (!touched) fixes.add('capitalised a sentence start');
  }
  if (!TERMINATED.test(s)) {
    s = s.replace(/[\s,;:\-–—]+$/, '') + '.';
    fixes.add('added a final period');
  }
  return s;
}

/** Every hedge in one pattern: the lint scans each sentence once, not once per hedge. */
const ANY_HEDGE = new RegExp(HEDGES.map((h) => h.pattern.source).join('|'), 'i');

/**
 * The first filler phrase in one sentence, as written: an opener cleanSentences would drop (at the
 * start, after any opening quote), else the leftmost hedge it would rewrite; null when there is
 * none. The caption lint reports from these same tables what the cleaner never saw (hand-written or
 * imported captions).
 */
export function findFiller(sentence: string): string | null {
  const s = sentence.replace(OPENING, '');
  for (const opener of OPENERS) {
    const m = opener.exec(s);
    if (m) return m[0].trim();
  }
  return ANY_HEDGE.exec(s)?.[0] ?? null;
}

// ---- refusals ---------------------------------------------------------------------------------

/** How a refusal opens; matched at the start of the answer's first sentences only (see below). */
const REFUSAL =
  /^(?:i['’]?m\s+sorry|i\s+am\s+sorry|sorry\b|i\s+apologi[sz]e|unfortunately,?\s+i\b|as\s+an\s+ai\b|as\s+a\s+(?:large\s+)?language\s+model\b|i['’]m\s+(?:unable|not\s+able)\b|i\s+(?:can(?:not|['’]t)|won['’]t|will\s+not|am\s+(?:unable|not\s+able)|['’]?m\s+(?:unable|not\s+able))\b)/i;

/**
 * True when the answer is a refusal ("I'm sorry, but I can't...", "As an AI...", "Sure. However, I
 * cannot help with that."): such an image must fail, never get the refusal written as its caption.
 * Only the first two sentences are looked at, and only their openings: a caption that describes a
 * sign reading "I can't help it" is still a caption.
 */
export function looksLikeRefusal(raw: string): boolean {
  const sentences = splitSentences(unwrapAnswer(raw, new FixLog())).slice(0, 2);
  return sentences.some((s) => REFUSAL.test(s.replace(LEADING_QUOTES, '').replace(CONNECTIVE, '')));
}

const LEADING_QUOTES = /^["'“‘«(]+/;
/** "However, I can't..." and "But I cannot..." open a refusal as well. */
const CONNECTIVE = /^(?:however|but|sadly|regrettably),?\s+/i;
