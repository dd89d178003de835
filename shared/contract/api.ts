import type { AppError, Result } from '../result.ts';
import type { Channel, EventName, EventPayload, ParsedRequestOf, RequestOf, ResponseOf } from './channels.ts';

/** What the renderer sees: one async function per channel, each resolving to a result envelope. */
export type Api = { [C in Channel]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>, AppError>> };

/** The backend side: one handler per channel, given the validated request. Throw HandlerError to fail. */
export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> };

/** Events pushed from the backend to every connected renderer. */
export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The renderer's view of a transport: the API, an event subscription, and how to address images. */
export interface Transport {
  api: Api;
  subscribe(listener: EventListener): () => void;
  /** URL of the full image. */
  mediaUrl(id: string): string;
  /** URL of a WebP thumbnail whose longest side is `size` px. */
  thumbnailUrl(id: string, size: number): string;
}

/** A failure with a stable kind, for handlers to throw; the dispatcher turns it into an error envelope. */
export class HandlerError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}
