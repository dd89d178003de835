import type { Handlers } from '../../shared/contract/api.ts';
import { dispatch } from '../../shared/contract/dispatch.ts';
import type { AppError, Result } from '../../shared/result.ts';

/**
 * How the desktop app answers the page while its start folder is read (a few tenths of a second at
 * 10,000 images, seconds at 100,000): the channels in `now` (per-user state: the pane sizes the
 * layout waits for) at once, every other one when the whole map, which needs the folder, is there.
 * So the window shows its panes and "Loading dataset…" instead of an empty body meanwhile.
 */
export function whenReady(now: Partial<Handlers>, later: Promise<Handlers>): (channel: string, request: unknown) => Promise<Result<unknown, AppError>> {
  // dispatch reads only the channel it is given, which `now` has.
  return async (channel, request) => dispatch(Object.hasOwn(now, channel) ? (now as Handlers) : await later, channel, request);
}
