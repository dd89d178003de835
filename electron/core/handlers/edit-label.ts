/*
 * The history label of a single-caption save. The client says what the edit did ("add low angle");
 * the file name is added here, so the label names the file whatever the client sends. It is one
 * short line: the history panel and `tagsmith history` show one entry per line.
 */

const MAX_WHAT = 60;
const MAX_FILE = 60;

export function saveLabel(what: string | undefined, captionFileName: string): string {
  const file = clip(singleLine(captionFileName), MAX_FILE, 'middle');
  const said = clip(singleLine(what ?? ''), MAX_WHAT, 'end');
  return said ? `${said} · ${file}` : `edit ${file}`;
}

/** Line breaks, tabs and other control characters become spaces; runs of spaces become one. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const singleLine = (text: string): string => text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029\s]+/gu, ' ').trim();

/** Cuts at code points (an emoji is never split); a file name keeps its end, where the extension is. */
function clip(text: string, max: number, where: 'end' | 'middle'): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (where === 'end') return `${chars.slice(0, max - 1).join('').trimEnd()}…`;
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
