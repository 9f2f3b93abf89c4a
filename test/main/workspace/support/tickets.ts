import { randomUUID } from 'node:crypto';
import type { Database } from '../../../../src-server/db/database.js';
import { insertSql, storedValues } from '../../../../src-server/db/entity-table.js';
import { ticketTable } from '../../../../src-server/db/entity-tables.js';
import { appendChanges } from '../../../../src-server/sync/change-log.js';
import type { Ticket } from '../../../../src-shared/sync/entities.js';
import { queueId, testQueues } from '../../../server/mutations/support.js';

let counter = 0;

/** A ticket of `queue` (a name of testQueues) with every field set and the given ones instead; clocks stopped unless given. */
export function ticketIn(queue: string, fields: Partial<Ticket>): Ticket {
  counter += 1;
  const now = new Date().toISOString();
  const clock = { StartedAt: null, Minutes: 0, Due: null, WarnAt: null, Breached: false, Warned: false, Answered: true };
  const clocks = Object.fromEntries(
    ['firstResponse', 'update', 'solution'].flatMap((name) => Object.entries(clock).map(([suffix, value]) => [`${name}${suffix}`, value])),
  ) as Pick<Ticket, `firstResponse${keyof typeof clock}` | `update${keyof typeof clock}` | `solution${keyof typeof clock}`>;
  return {
    id: randomUUID(), number: `20991231${String(counter).padStart(6, '0')}`, title: `Ticket ${String(counter)}`, queueId: queueId(queue),
    type: 'incident', state: 'new', priority: 3, locked: false, ownerId: null, responsibleId: null, customerUserId: null,
    institutionId: null, pendingUntil: null, slaId: null, ...clocks,
    createdAt: now, createdBy: 'workspace-test', updatedAt: now, version: 1, ...fields,
  };
}

/** Writes tickets into the server's database with their change rows, as a mutation would (one transaction). */
export async function writeTickets(db: Database, tickets: readonly Ticket[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const ticket of tickets) {
      const group = testQueues.find((queue) => queueId(queue.name) === ticket.queueId)?.group;
      if (group === undefined) throw new Error(`ticket ${ticket.title} is in no test queue`);
      await tx.query(insertSql(ticketTable), storedValues(ticketTable, ticket));
      await appendChanges(tx, [{ entity: 'ticket', op: 'upsert', id: ticket.id, ticketId: ticket.id, group, data: ticket }]);
    }
  });
}
