import { CHANGES_DATASET, DATASET_HEADER, webMediaUrl, webThumbnailUrl, type Channel, type Transport } from '../../../shared/contract/index.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { buildApi } from './build-api.ts';
import { postChannel } from './call.ts';
import type { ConnectionStatus } from './connection.ts';
import type { EarlyStart } from './early-start.ts';
import { createEventSocket, type SocketLike } from './event-socket.ts';

export interface HttpTransportOptions {
  fetch?: typeof fetch;
  openSocket?: (url: string) => SocketLike;
  /** Where the page was served from; the API and the event socket live on the same origin. */
  location?: { protocol: string; host: string };
  onStatus?: (status: ConnectionStatus) => void;
  /** The socket and requests the page started before the app ran (early-start.ts), taken over once. */
  early?: EarlyStart;
  /**
   * The root of the folder the page shows (its snapshot's), asked at each call that changes the
   * dataset: the page's state, not the transport's, since the page switches folders when it shows
   * the next snapshot, and an edit read from the old one must not carry the new name.
   */
  shownRoot?: () => string | null;
}

const isEmptyRequest = (request: unknown): boolean =>
  request === undefined || (typeof request === 'object' && request !== null && Object.keys(request).length === 0);

/**
 * Whether the server is up but refuses this page's access token: the page itself answers 401 then
 * (server.ts). A network failure is no refusal: the server is just not back yet.
 */
async function refusesToken(fetcher: typeof fetch): Promise<boolean> {
  try {
    const res = await fetcher('/', { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' });
    return res.status === 401;
  } catch {
    return false;
  }
}

/**
 * Web mode: requests as `POST /api/<channel>`, events over the `/api/events` WebSocket. A call that
 * changes the dataset names the folder the page shows (dataset-bound.ts).
 */
export function createHttpTransport(options: HttpTransportOptions = {}): Transport {
  const fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const loc = options.location ?? globalThis.location;
  const wsUrl = `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/events`;
  const socket = createEventSocket({
    url: wsUrl,
    open: (url) => options.early?.takeSocket() ?? (options.openSocket ?? ((u) => new WebSocket(u)))(url),
    onStatus: options.onStatus ?? (() => {}),
    refused: () => refusesToken(fetcher),
  });
  const call = (channel: Channel, request: unknown): Promise<Result<unknown, AppError>> => {
    const shown = CHANGES_DATASET[channel] ? (options.shownRoot?.() ?? null) : null;
    const headers: Record<string, string> = shown === null ? {} : { [DATASET_HEADER]: encodeURIComponent(shown) };
    return (isEmptyRequest(request) ? options.early?.takeCall(channel) : null) ?? postChannel(fetcher, channel, request, headers);
  };
  return {
    api: buildApi(call),
    subscribe: (listener) => socket.subscribe(listener),
    mediaUrl: webMediaUrl,
    thumbnailUrl: webThumbnailUrl,
  };
}
