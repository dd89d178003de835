import { events, type EventName, type EventPayload } from '../../../shared/contract/index.ts';

export interface ParsedEvent {
  event: EventName;
  payload: EventPayload<EventName>;
}

const isEventName = (name: unknown): name is EventName => typeof name === 'string' && Object.hasOwn(events, name);

/**
 * Checks an event against the contract before the store sees it: a malformed or unknown event is
 * dropped (returns null) rather than corrupting state.
 */
export function parseEvent(name: unknown, payload: unknown): ParsedEvent | null {
  if (!isEventName(name)) return null;
  const parsed = events[name].safeParse(payload);
  return parsed.success ? { event: name, payload: parsed.data } : null;
}

/** Web-mode frames are JSON `{ "event": name, "payload": {...} }`. */
export function parseEventFrame(data: unknown): ParsedEvent | null {
  if (typeof data !== 'string') return null;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof frame !== 'object' || frame === null) return null;
  const { event, payload } = frame as { event?: unknown; payload?: unknown };
  return parseEvent(event, payload);
}
