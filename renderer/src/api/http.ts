import { webMediaUrl, webThumbnailUrl, type Transport } from '../../../shared/contract/index.ts';
import { buildApi } from './build-api.ts';
import { postChannel } from './call.ts';
import type { ConnectionStatus } from './connection.ts';
import { createEventSocket, type SocketLike } from './event-socket.ts';

export interface HttpTransportOptions {
  fetch?: typeof fetch;
  openSocket?: (url: string) => SocketLike;
  /** Where the page was served from; the API and the event socket live on the same origin. */
  location?: { protocol: string; host: string };
  onStatus?: (status: ConnectionStatus) => void;
}

/** Web mode: requests as `POST /api/<channel>`, events over the `/api/events` WebSocket. */
export function createHttpTransport(options: HttpTransportOptions = {}): Transport {
  const fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const loc = options.location ?? globalThis.location;
  const wsUrl = `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/events`;
  const socket = createEventSocket({
    url: wsUrl,
    open: options.openSocket ?? ((url) => new WebSocket(url)),
    onStatus: options.onStatus ?? (() => {}),
  });
  return {
    api: buildApi((channel, request) => postChannel(fetcher, channel, request)),
    subscribe: (listener) => socket.subscribe(listener),
    mediaUrl: webMediaUrl,
    thumbnailUrl: webThumbnailUrl,
  };
}
