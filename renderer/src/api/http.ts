import { webMediaUrl, webThumbnailUrl, type Transport } from '../../../shared/contract/index.ts';
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

/** Web mode: requests as `POST /api/<channel>`, events over the `/api/events` WebSocket. */
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
  return {
    api: buildApi((channel, request) => (isEmptyRequest(request) ? options.early?.takeCall(channel) : null) ?? postChannel(fetcher, channel, request)),
    subscribe: (listener) => socket.subscribe(listener),
    mediaUrl: webMediaUrl,
    thumbnailUrl: webThumbnailUrl,
  };
}
