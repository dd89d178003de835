export type {
  CompareOp,
  CountProperty,
  HasProperty,
  IsProperty,
  QueryItem,
  QueryNode,
  QuerySyntaxError,
  TagMatcher,
  TextMatcher,
} from './ast.ts';
export { parseQuery, QUERY_HELP } from './parser.ts';
export { compileQuery, evaluateQuery } from './evaluate.ts';
export type { ItemPredicate, QueryEnv } from './evaluate.ts';
export { formatQueryError } from './format.ts';
export { queryItemOf } from './item.ts';
