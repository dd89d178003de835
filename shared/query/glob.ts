import { compilePattern, type UserPattern } from '../pattern/index.ts';

/**
 * Glob patterns as used in tag: and file: values. Only '*' and '?' are special ('[' stays literal:
 * danbooru tags and folder names contain brackets far more often than anyone wants a class), and
 * '\' makes the next character literal.
 */

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/;

const escapeChar = (c: string): string => (REGEX_SPECIAL.test(c) ? `\\${c}` : c);

/*
 * Both compile for shared/pattern's linear-time engine, matching case-insensitively: a backtracking
 * engine takes polynomial time on `*a*a*a*a*b` and never finishes on a long caption.
 */

/** Whole-string match for one tag: '*' may span anything, including spaces. */
export const tagGlob = (pattern: string): UserPattern => compileGlob(tagGlobSource(pattern));

/**
 * Path glob: '*' and '?' stay inside one path segment, '**' crosses folders ('**\/' may also match
 * no folder at all). A pattern without '/' is matched against the basename only, so `*.png` finds
 * images in every subfolder, as people expect from a file filter.
 */
export const pathGlob = (pattern: string): UserPattern => compileGlob(pathGlobSource(pattern));

function compileGlob(source: string): UserPattern {
  const compiled = compilePattern(source, { ignoreCase: true });
  // Every character but the wildcards is escaped, so only a bug here could make this fail.
  if (!compiled.ok) throw new Error(`glob compiled to an invalid pattern: ${compiled.error.message}`);
  return compiled.value;
}

function tagGlobSource(pattern: string): string {
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) body += escapeChar(pattern[++i] as string);
    else if (c === '*') body += '[\\s\\S]*';
    else if (c === '?') body += '[\\s\\S]';
    else body += escapeChar(c);
  }
  // The engine reads code points, so '?' is one whole kaomoji or emoji character outside the BMP.
  return `^${body}$`;
}

function pathGlobSource(pattern: string): string {
  let p = pattern;
  while (p.startsWith('./')) p = p.slice(2);
  while (p.startsWith('/')) p = p.slice(1);
  const basenameOnly = !unescapedSlash(p);
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\' && i + 1 < p.length) body += escapeChar(p[++i] as string);
    else if (c === '*' && p[i + 1] === '*') {
      i++;
      while (p[i + 1] === '*') i++;
      if (p[i + 1] === '/') {
        i++;
        body += '(?:[\\s\\S]*/)?';
      } else body += '[\\s\\S]*';
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += escapeChar(c);
  }
  return basenameOnly ? `^(?:[\\s\\S]*/)?${body}$` : `^${body}$`;
}

const unescapedSlash = (pattern: string): boolean => {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '/') return true;
  }
  return false;
};
