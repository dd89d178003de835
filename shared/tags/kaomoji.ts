/**
 * Kaomoji tags whose underscores are part of the face, from the WD14 taggers' own list (FACTS.md):
 * `^_^` with a space is no longer the tag the model learned.
 */
export const KAOMOJI: ReadonlySet<string> = new Set([
  '0_0', '(o)_(o)', '+_+', '+_-', '._.', '<o>_<o>', '<|>_<|>', '=_=', '>_<', '3_3', '6_9', '>_o', '@_@', '^_^',
  'o_o', 'u_u', 'x_x', '|_|', '||_||',
]);

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * `hatsune_miku_(cosplay)` -> `hatsune miku (cosplay)`. Kaomoji keep their underscores, and so does
 * any tag without a letter or digit (`-_-`, `;_;`): such a tag is a face drawn in symbols even when
 * the list above does not name it, and its underscores are never word separators.
 */
export function underscoresToSpaces(tag: string): string {
  if (!tag.includes('_')) return tag;
  const trimmed = tag.trim();
  if (KAOMOJI.has(trimmed) || !HAS_WORD_CHARACTER.test(trimmed)) return tag;
  return tag.replaceAll('_', ' ');
}
