import { timeOrderedUuid } from '../../src-shared/time-ordered-id.js';

/** The id of something the agent creates (ticket, article, link, time entry, attachment): a UUIDv7, made here and kept by the server. */
export function newId(): string {
  return timeOrderedUuid(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
}
