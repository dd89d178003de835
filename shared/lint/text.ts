/** `1 caption`, `3 captions`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** A verb agreeing with a count: `verb(1, 'is', 'are')` is `is`. */
export const verb = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/** The verb for a count: `1 caption has`, `3 captions have`. */
export const have = (n: number): string => verb(n, 'has', 'have');

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`: at most `max` items named. */
export function listOf(items: readonly string[], max = 3, conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** A tag or word quoted for a message. */
export function q(text: string): string {
  return `'${text}'`;
}

/** 0.9 -> `90%`. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Distinct values, most frequent first (ties in first-seen order). */
export function byFrequency(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!);
}
