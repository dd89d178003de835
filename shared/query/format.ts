import type { QuerySyntaxError } from './ast.ts';

/**
 * Three lines: the message, the query (or a pattern), a caret under the problem. Control characters are shown as
 * spaces and the caret column counts code points, so the caret stays under the right character
 * when the query holds tabs, newlines or emoji.
 */
export function formatQueryError(src: string, e: Pick<QuerySyntaxError, 'message' | 'position'>): string {
  const position = Math.min(Math.max(0, e.position), src.length);
  // eslint-disable-next-line no-control-regex
  const shown = src.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const column = Array.from(src.slice(0, position)).length;
  return `${e.message}\n${shown}\n${' '.repeat(column)}^`;
}
