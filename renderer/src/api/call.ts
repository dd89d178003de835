import { err, type AppError, type Result } from '../../../shared/result.ts';

const isEnvelope = (v: unknown): v is Result<unknown, AppError> =>
  typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';

/**
 * One request over HTTP: `POST /api/<channel>` with the JSON request. Same-origin, so the HttpOnly
 * auth cookie set by the `?token=` link rides along. Every failure, including the network's, comes
 * back as an error envelope: the UI has one error path.
 */
export async function postChannel(
  fetcher: typeof fetch,
  channel: string,
  request: unknown,
  headers: Record<string, string> = {},
): Promise<Result<unknown, AppError>> {
  let response: Response;
  try {
    response = await fetcher(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(request ?? {}),
      credentials: 'same-origin',
    });
  } catch (e) {
    return err({ kind: 'network', message: `Cannot reach the Tagsmith server (${e instanceof Error ? e.message : String(e)}).` });
  }
  if (response.status === 401) {
    // The page itself needed the token, so a refusal now means the server has another (a new launch).
    return err({
      kind: 'unauthorized',
      message: 'Not authorized: `tagsmith serve` has a new access token (restarted?). Open the address it printed; a new tab will do.',
    });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return err({ kind: 'transport', message: `The server answered ${response.status} without a result.` });
  }
  if (isEnvelope(body)) return body;
  return err({ kind: 'transport', message: `The server answered ${response.status} with an unexpected body.` });
}
