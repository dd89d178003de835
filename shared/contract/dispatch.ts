import { err, ok, type AppError, type Result } from '../result.ts';
import { HandlerError, type Handlers } from './api.ts';
import { channels, isChannel } from './channels.ts';

/**
 * The single entry point both transports call: checks the channel name, validates the request with
 * the contract's schema, runs the handler, and returns an envelope. Errors keep their kind and a
 * one-line message; nothing thrown ever crosses the boundary as a stack.
 */
export async function dispatch(handlers: Handlers, channel: string, payload: unknown): Promise<Result<unknown, AppError>> {
  if (!isChannel(channel)) return err({ kind: 'unknown-channel', message: `unknown channel: ${channel.slice(0, 100)}` });
  const parsed = channels[channel].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return err({ kind: 'invalid-request', message: `${channel}: ${issue?.message ?? 'invalid request'}${where}` });
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (e) {
    if (e instanceof HandlerError) return err({ kind: e.kind, message: e.message });
    const message = e instanceof Error ? e.message : String(e);
    const kind = typeof (e as { kind?: unknown })?.kind === 'string' ? (e as { kind: string }).kind : 'internal';
    return err({ kind, message: message.split('\n')[0] ?? 'internal error' });
  }
}
