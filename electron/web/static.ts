import fs from 'node:fs';
import path from 'node:path';

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface StaticFile {
  realPath: string;
  contentType: string;
  /** Vite puts content-hashed names under assets/, which never change; everything else revalidates. */
  immutable: boolean;
}

/**
 * Maps a raw request path to a file of the renderer build, or null (404). The same strictness as
 * media ids: one decode, no encoded separators, no dot or hidden segments, real path inside the
 * build. An extensionless path that is not a file is a client-side route: it gets index.html.
 */
export async function resolveStatic(buildDir: string, rawPath: string): Promise<StaticFile | null> {
  const segments = staticSegments(rawPath);
  if (segments === null) return null;
  let realDir: string;
  try {
    realDir = await fs.promises.realpath(buildDir);
  } catch {
    return null;
  }
  const wanted = segments.length === 0 ? 'index.html' : segments.join('/');
  const found = await realFileInside(realDir, wanted);
  if (found) return describe(found, segments[0] === 'assets');
  const last = segments[segments.length - 1] ?? '';
  if (path.extname(last) !== '') return null;
  const index = await realFileInside(realDir, 'index.html');
  return index ? describe(index, false) : null;
}

function staticSegments(rawPath: string): string[] | null {
  if (!rawPath.startsWith('/') || /%(2f|5c|00)/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // A trailing slash ("/images/") is a client route like any other.
  const segments = decoded.slice(1).replace(/\/$/, '').split('/');
  if (segments.length === 1 && segments[0] === '') return [];
  if (segments.some((s) => s === '' || s.startsWith('.'))) return null;
  return segments;
}

async function realFileInside(realDir: string, rel: string): Promise<string | null> {
  try {
    const real = await fs.promises.realpath(path.join(realDir, ...rel.split('/')));
    if (!real.startsWith(realDir + path.sep)) return null;
    const st = await fs.promises.stat(real);
    return st.isFile() ? real : null;
  } catch {
    return null;
  }
}

function describe(realPath: string, immutable: boolean): StaticFile | null {
  const contentType = STATIC_TYPES[path.extname(realPath).toLowerCase()];
  return contentType ? { realPath, contentType, immutable } : null;
}

/**
 * The build's files that index.html loads (scripts, preloads, styles), as request paths: what every
 * page load asks for first, so the server can prepare them before it does.
 */
export async function pageAssets(buildDir: string): Promise<string[]> {
  let html: string;
  try {
    html = await fs.promises.readFile(path.join(buildDir, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  return [...html.matchAll(/\b(?:src|href)="\.?\/(assets\/[^"?#]+)"/g)].map((m) => `/${m[1]!}`);
}
