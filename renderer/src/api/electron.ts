import { electronMediaUrl, electronThumbnailUrl, type PreloadBridge, type Transport } from '../../../shared/contract/index.ts';
import { buildApi } from './build-api.ts';
import { parseEvent } from './event-parse.ts';

/** Electron: the preload's one narrow bridge; images through the `dataset:` scheme. */
export function createElectronTransport(bridge: PreloadBridge): Transport {
  return {
    api: buildApi((channel, request) => bridge.invoke(channel, request)),
    subscribe: (listener) =>
      bridge.subscribe((event, payload) => {
        const parsed = parseEvent(event, payload);
        if (parsed) listener(parsed.event, parsed.payload);
      }),
    mediaUrl: electronMediaUrl,
    thumbnailUrl: electronThumbnailUrl,
  };
}
