import { events, type EventName, type EventPayload } from '../src-shared/ipc/contract.js';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Events the services push; each host forwards them to its renderers. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].parse(payload);
    for (const listener of this.listeners) listener(event, checked);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
