/** Download failures as one human line, whatever threw them (undici, @huggingface/hub, the file system, us). */
import { HubApiError } from '@huggingface/hub';

export type DownloadErrorKind = 'download-failed' | 'integrity';

export class ModelDownloadError extends Error {
  constructor(
    readonly kind: DownloadErrorKind,
    message: string,
    /** Worth an immediate retry that resumes (connection lost, 5xx): see blob-download.ts. */
    readonly transient = false,
  ) {
    super(message);
  }
}

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects (localhost = ::1 and 127.0.0.1) fail with an AggregateError of both.
  const inner = (e as { errors?: unknown }).errors;
  return Array.isArray(inner) ? errorCode(inner[0]) : undefined;
}

/** E.g. `fetch failed: ECONNREFUSED`, `HTTP 401: Repository not found`, `ENOSPC: no space left on device, write`. */
export function describeFailure(e: unknown): string {
  let text: string;
  if (e instanceof HubApiError) {
    const detail = (e.data as { error?: unknown } | undefined)?.error;
    text = `HTTP ${e.statusCode}${typeof detail === 'string' && detail ? `: ${detail}` : ''}`;
  } else if (e instanceof Error) {
    // undici reports every network failure as "fetch failed" / "terminated" and keeps the reason in `cause`.
    // Errno codes (ECONNREFUSED) say it best; undici's own codes (UND_ERR_SOCKET) less than its message.
    const cause = e.cause;
    const code = errorCode(cause);
    const reason = code && /^E[A-Z]+$/.test(code) ? code : cause instanceof Error ? cause.message : code;
    text = reason && !e.message.includes(reason) ? `${e.message}: ${reason}` : e.message;
  } else {
    text = String(e);
  }
  return text.replace(/\s+/g, ' ').trim();
}
