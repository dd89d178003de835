/*
 * A reply cut by the token limit (finish_reason / done_reason `length`) ends inside a sentence:
 * "…in a field. She wears a red". Cleaning would give that fragment a period and write it into the
 * caption, so the unfinished tail goes first.
 */

const REASONING_END = /<\/think>/gi;
/** A sentence end: terminator, closing quotes or brackets, then white space or the end of the text. */
const SENTENCE_END = /[.!?…]["'”’»)\]]*(?=\s|$)/g;

/**
 * The answer up to its last finished sentence (or last line break: list items often lack a period).
 * An answer still inside `<think>` has nothing finished: '' then.
 */
export function dropUnfinished(raw: string): string {
  const closings = [...raw.matchAll(REASONING_END)];
  const last = closings[closings.length - 1];
  const answerStart = last ? last.index + last[0].length : 0;
  const answer = raw.slice(answerStart);
  const open = /<think>/i.exec(answer);
  if (open) return raw.slice(0, answerStart) + answer.slice(0, open.index).replace(/\s+$/, '');
  let cut = 0;
  for (const m of answer.matchAll(SENTENCE_END)) cut = m.index + m[0].length;
  const lineBreak = answer.trimEnd().lastIndexOf('\n');
  if (lineBreak > cut) cut = lineBreak;
  return raw.slice(0, answerStart) + answer.slice(0, cut).trimEnd();
}
