/** What a query is evaluated against: one image and the first line of its caption, already parsed. */
export interface QueryItem {
  /** Image path relative to the dataset root, '/' separators. */
  path: string;
  hasCaption: boolean;
  /** Parsed tags of line 1. */
  tags: readonly string[];
  /** The sentence part of line 1, '' if none. */
  prose: string;
  /** The whole line 1. */
  text: string;
  /** Sentence count of prose. */
  sentences: number;
  /** The image is marked reviewed (`.tagsmith/review.json`). */
  reviewed: boolean;
}

export type CompareOp = '>' | '>=' | '<' | '<=' | '=' | '!=';

/**
 * How a tag value is matched. Globs keep their own escaping ('\' makes the next character literal)
 * so a literal '*' or '?' in a tag survives the trip from the query text into the AST.
 */
export type TagMatcher =
  | { kind: 'exact'; value: string }
  | { kind: 'glob'; pattern: string }
  | { kind: 'regex'; source: string; flags: string };

export type TextMatcher =
  | { kind: 'substring'; value: string }
  | { kind: 'regex'; source: string; flags: string };

export type HasProperty = 'caption' | 'prose' | 'tags';
export type CountProperty = 'tags' | 'sentences' | 'chars';
/** A state of the image rather than of its caption text: `is:reviewed`, `is:trigger-only`. */
export type IsProperty = 'reviewed' | 'trigger-only';

/** AND / OR are n-ary so long chains stay shallow (no deep recursion when evaluating `a b c d ...`). */
export type QueryNode =
  | { type: 'all' }
  | { type: 'and'; operands: readonly QueryNode[] }
  | { type: 'or'; operands: readonly QueryNode[] }
  | { type: 'not'; operand: QueryNode }
  | { type: 'tag'; match: TagMatcher }
  | { type: 'text'; match: TextMatcher }
  | { type: 'file'; pattern: string }
  | { type: 'has'; property: HasProperty; present: boolean }
  | { type: 'is'; property: IsProperty }
  | { type: 'count'; property: CountProperty; op: CompareOp; value: number };

/** `position` is a 0-based UTF-16 offset into the query source, 0 <= position <= source length. */
export interface QuerySyntaxError {
  kind: 'query-syntax';
  message: string;
  position: number;
}

/** Messages quote the user's text; control characters in it are escaped so a message stays one line. */
export const syntaxError = (message: string, position: number): QuerySyntaxError => ({
  kind: 'query-syntax',
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  message: message.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1)),
  position,
});
