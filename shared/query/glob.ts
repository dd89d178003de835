/**
 * Glob patterns as used in tag: and file: values. Only '*' and '?' are special ('[' stays literal:
 * danbooru tags and folder names contain brackets far more often than anyone wants a class), and
 * '\' makes the next character literal.
 */

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/;

const escapeChar = (c: string): string => (REGEX_SPECIAL.test(c) ? `\\${c}` : c);

/** Whole-string, case-insensitive match for one tag: '*' may span anything, including spaces. */
export function tagGlobToRegExp(pattern: string): RegExp {
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) body += escapeChar(pattern[++i] as string);
    else if (c === '*') body += '[\\s\\S]*';
    else if (c === '?') body += '[\\s\\S]';
    else body += escapeChar(c);
  }
  // 'u' so '?' is one code point: kaomoji and emoji tags are often outside the BMP.
  return new RegExp(`^${body}$`, 'iu');
}

/**
 * Path glob: '*' and '?' stay inside one path segment, '**' crosses folders ('**\/' may also match
 * no folder at all). A pattern without '/' is matched against the basename only, so `*.png` finds
 * images in every subfolder, as people expect from a file filter.
 */
export function pathGlobToRegExp(pattern: string): RegExp {
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
  return new RegExp(basenameOnly ? `^(?:[\\s\\S]*/)?${body}$` : `^${body}$`, 'iu');
}

const unescapedSlash = (pattern: string): boolean => {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '/') return true;
  }
  return false;
};
