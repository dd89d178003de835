export { compilePattern, parsePatternFlags } from './compile.ts';
export type { PatternFlags, UserPattern } from './compile.ts';
export type { PatternError } from './translate.ts';
