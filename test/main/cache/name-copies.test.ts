import { describe, expect, it } from 'vitest';
import type { AgentEntity, CustomerUserEntity, EntityName, InstitutionEntity } from '../../../src-shared/sync/entities.js';
import type { ChangesResponse } from '../../../src-shared/sync/protocol.js';
import { PageWriter } from '../../../src-main/cache/apply-page.js';
import { openCache } from '../../../src-main/cache/cache-file.js';
import { clearCanonicalState } from '../../../src-main/cache/reset.js';
import { temporaryDirectory } from '../../server/support/temporary.js';
import { ticketIn } from '../workspace/support/tickets.js';

let seq = 0;
/** A page of the log with these changes, in this order. */
function page(...changes: ({ entity: EntityName; op: 'upsert'; data: { id: string; [field: string]: unknown } } | { entity: EntityName; op: 'remove'; id: string })[]): ChangesResponse {
  return {
    changes: changes.map((change) => {
      seq += 1;
      return change.op === 'remove' ? { seq, entity: change.entity, op: 'remove', id: change.id } : { seq, entity: change.entity, op: 'upsert', id: change.data.id, data: change.data };
    }),
    cursor: `c${String(seq)}`, hasMore: false, phase: 'log', position: seq, progress: null, serverTime: new Date().toISOString(),
  } as ChangesResponse;
}
const institution = (id: string, name: string, version = 1): InstitutionEntity => ({ id, name, valid: true, version });
const customerUser = (id: string, displayName: string, version = 1): CustomerUserEntity => ({ id, username: id, displayName, email: null, phone: null, institutionId: null, valid: true, version });
const agent = (id: string, displayName: string, version = 1): AgentEntity => ({ id, username: id, displayName, email: null, ownerGroups: [], valid: true, version });

describe('the names a ticket sorts by, copied into its row', () => {
  it('takes the cached names when the ticket is written, and follows a customer, institution or owner that arrives later, is renamed or goes', () => {
    const cache = openCache(temporaryDirectory('kontor-cache-'), 'name-copies');
    try {
      const writer = new PageWriter(cache);
      const copies = (ticketId: string): unknown =>
        cache.prepare('SELECT "customer_sort" AS customer, "institution_sort" AS institution, "owner_sort" AS owner FROM tickets WHERE "id" = ?').get(ticketId);
      const first = ticketIn('Wertpapiere::Verwahrung', { customerUserId: 'cu-1', institutionId: 'in-1', ownerId: 'ag-1' });
      // Its customer is not cached yet when it comes (a customer the cache lost, or a feed in another order).
      const second = ticketIn('Wertpapiere::Verwahrung', { customerUserId: 'cu-2', institutionId: null, ownerId: null });
      writer.apply(page(
        { entity: 'institution', op: 'upsert', data: institution('in-1', 'Bankhaus Öhler & Söhne') },
        { entity: 'customer-user', op: 'upsert', data: customerUser('cu-1', 'Jürgen Weiß') },
        { entity: 'agent', op: 'upsert', data: agent('ag-1', 'Zoë Zander') },
        { entity: 'ticket', op: 'upsert', data: first },
        { entity: 'ticket', op: 'upsert', data: second },
      ));
      expect(copies(first.id)).toEqual({ customer: 'jurgen weiss', institution: 'bankhaus ohler & sohne', owner: 'zoe zander' });
      expect(copies(second.id)).toEqual({ customer: null, institution: null, owner: null });

      writer.apply(page({ entity: 'customer-user', op: 'upsert', data: customerUser('cu-2', 'Ärmel, Anna') }));
      expect(copies(second.id)).toEqual({ customer: 'armel, anna', institution: null, owner: null });

      // Renamed, each of them; an update that keeps the name keeps the copy.
      writer.apply(page(
        { entity: 'institution', op: 'upsert', data: institution('in-1', 'Aachener Bank', 2) },
        { entity: 'customer-user', op: 'upsert', data: customerUser('cu-1', 'Zeller, Jürgen', 2) },
        { entity: 'agent', op: 'upsert', data: agent('ag-1', 'Adam Ast', 2) },
        { entity: 'customer-user', op: 'upsert', data: customerUser('cu-2', 'Ärmel, Anna', 2) },
      ));
      expect(copies(first.id)).toEqual({ customer: 'zeller, jurgen', institution: 'aachener bank', owner: 'adam ast' });
      expect(copies(second.id)).toEqual({ customer: 'armel, anna', institution: null, owner: null });

      // Written again (a new version of the ticket, another owner): the names as cached now.
      writer.apply(page({ entity: 'ticket', op: 'upsert', data: { ...first, ownerId: null, version: 2 } }));
      expect(copies(first.id)).toEqual({ customer: 'zeller, jurgen', institution: 'aachener bank', owner: null });

      // Gone from the cache: the ticket sorts as one without a customer, as the row shows none.
      writer.apply(page({ entity: 'customer-user', op: 'remove', id: 'cu-1' }, { entity: 'institution', op: 'remove', id: 'in-1' }));
      expect(copies(first.id)).toEqual({ customer: null, institution: null, owner: null });
      expect(copies(second.id)).toEqual({ customer: 'armel, anna', institution: null, owner: null });

      // Emptied for a resync (not through the writer): a name read before is not taken for a person no longer cached.
      clearCanonicalState(cache);
      const third = ticketIn('Wertpapiere::Verwahrung', { customerUserId: 'cu-2', institutionId: null, ownerId: null });
      writer.apply(page({ entity: 'ticket', op: 'upsert', data: third }));
      expect(copies(third.id)).toEqual({ customer: null, institution: null, owner: null });
    } finally {
      cache.close();
    }
  });
});
