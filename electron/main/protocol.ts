// The two custom schemes. tagsmith://app/ serves the renderer build (so the page has a real origin
// and never runs from file://); dataset://media/<id> and dataset://thumbs/<id>?size=N serve images of
// the open dataset only, as dataset-route.ts decides.
import fs from 'node:fs';
import { protocol } from 'electron';
import { DATASET_SCHEME } from '../../shared/contract/urls.ts';
import { resolveStatic } from '../web/static.ts';
import { APP_HOST, APP_SCHEME } from './app-url.ts';
import { RENDERER_CSP } from './csp.ts';
import { SCHEMES } from './schemes.ts';
import { routeDatasetRequest, type MediaSession } from './dataset-route.ts';

/** Must run before app 'ready' (schemes.ts says which privileges and why). */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([...SCHEMES]);
}

const status = (code: number): Response => new Response(null, { status: code, headers: { 'Cache-Control': 'no-store' } });

async function fileResponse(realPath: string, contentType: string, method: string, extra: Record<string, string> = {}): Promise<Response> {
  let body: Buffer;
  try {
    body = await fs.promises.readFile(realPath);
  } catch {
    return status(404);
  }
  const headers = { 'Content-Type': contentType, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache', ...extra };
  return new Response(method === 'HEAD' ? null : body, { status: 200, headers });
}

/** Serves the renderer build from `rendererDir`, every response carrying the CSP. */
export function handleAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return status(405);
    const url = new URL(request.url);
    if (url.hostname.toLowerCase() !== APP_HOST) return status(404);
    const file = await resolveStatic(rendererDir, url.pathname);
    if (!file) return status(404);
    return fileResponse(file.realPath, file.contentType, request.method, { 'Content-Security-Policy': RENDERER_CSP });
  });
}

/** Serves images and thumbnails of whatever folder `session()` has open now, and nothing else. */
export function handleDatasetScheme(session: () => MediaSession | null): void {
  protocol.handle(DATASET_SCHEME, async (request) => {
    const verdict = await routeDatasetRequest(request.method, request.url, session());
    return verdict.ok ? fileResponse(verdict.path, verdict.contentType, request.method) : status(verdict.status);
  });
}
