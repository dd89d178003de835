import type { EventListener } from '../../../shared/contract/api.ts';
import type { EventName, EventPayload } from '../../../shared/contract/channels.ts';

/** Fan-out of the contract's events to every connected client (windows, WebSocket connections, tests). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private count = 0;

  /** How many events were emitted so far (a snapshot and a joining socket compare it; hello.ts). */
  get sent(): number {
    return this.count;
  }

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.count++;
    for (const listener of [...this.listeners]) {
      try {
        listener(event, payload);
      } catch {
        // One broken client (a closed socket, a destroyed window) must not keep the others out of step.
      }
    }
  }
}
