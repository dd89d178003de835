// The fake LLM's answers: derived only from the prompt, so a test can tell from the caption that the
// focus phrase, the sentence count and the grounding tags reached the model.

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
export const REFUSAL = "I'm sorry, but I can't help with that.";

/** The tags after "Tags…:" (to the end of that line) or inside ToriiGate's <tags>…</tags>. */
export function promptTags(prompt: string): string[] {
  const list = /<tags>([\s\S]*?)<\/tags>/i.exec(prompt)?.[1] ?? /\btags\b[^:\n]*:[ \t]*([^\n]*)/i.exec(prompt)?.[1] ?? '';
  return list.split(',').map((t) => t.trim()).filter((t) => t !== '');
}

/** "Write 3 sentences", "in three short sentences", "exactly 4 short, simple sentences"; else 3. */
export function promptSentenceCount(prompt: string): number {
  const m = /\b(\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:(?:short|simple|brief),?\s+)*sentences\b/i.exec(prompt);
  if (!m?.[1]) return 3;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS.indexOf(m[1].toLowerCase());
  return Math.min(10, Math.max(1, n));
}

/** "Shortly describe the woman using…", "sentences describing the cat in this image"; else "subject". */
export function promptFocus(prompt: string): string {
  return /describ(?:e|ing) the (.+?) (?:using|in)\b/i.exec(prompt)?.[1] ?? 'subject';
}

export function fakeAnswer(prompt: string, kind: 'ok' | 'filler' | 'refusal'): string {
  if (kind === 'refusal') return REFUSAL;
  const tags = promptTags(prompt).slice(0, 6);
  const focus = promptFocus(prompt);
  if (kind === 'filler') {
    return [
      `There is a ${focus} in the picture.`,
      `We can see ${tags[0] ?? 'a plain background'}.`,
      `It looks like ${tags[1] ?? 'an indoor scene'}.`,
      'The lighting is soft.',
      'The colours are muted.',
    ].join(' ');
  }
  const count = promptSentenceCount(prompt);
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) {
    // Tags dealt round-robin, so every tag (up to six) appears in some sentence.
    const mine = tags.filter((_, t) => t % count === i);
    const list = mine.join(' and ');
    if (i === 0) sentences.push(list ? `The ${focus} has ${list}.` : `The ${focus} is in the center.`);
    else sentences.push(list ? `It shows ${list}.` : 'The background is plain.');
  }
  return sentences.join(' ');
}
