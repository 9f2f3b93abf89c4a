import { timeOrderedUuid } from '../../src-shared/time-ordered-id.js';

/**
 * A UUIDv7 for a write the customer is preparing: made when the form opens and kept until it
 * is sent successfully, so that sending it again after a lost answer applies it once (the
 * server uses it as the mutation id, and as the new ticket's id).
 */
export function newRequestId(): string {
  return timeOrderedUuid(Date.now(), crypto.getRandomValues(new Uint8Array(10)));
}
