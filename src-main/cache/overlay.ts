import type { Ticket } from '../../src-shared/sync/entities.js';
import type { OutboxEntry } from './outbox.js';

export interface ShownTicket {
  ticket: Ticket;
  /** Edits of this ticket not yet in canonical state, oldest first: the screen marks the fields they touch as pending. */
  pending: OutboxEntry[];
}

/** What an edit changes on the ticket as the agent sees it until the server's answer arrives. */
function fieldsOf(entry: OutboxEntry, agentId: string): Partial<Ticket> {
  const args = entry.args;
  switch (entry.name) {
    case 'ticket.setState':
      return { state: args['state'] as Ticket['state'], pendingUntil: (args['pendingUntil'] as string | null | undefined) ?? null };
    case 'ticket.setPriority':
      return { priority: args['priority'] as number };
    case 'ticket.setOwner':
      return { ownerId: args['ownerId'] as string };
    case 'ticket.setResponsible':
      return { responsibleId: args['responsibleId'] as string };
    case 'ticket.move':
      return { queueId: args['queueId'] as string };
    case 'ticket.lock':
      return { locked: true, ownerId: agentId };
    case 'ticket.unlock':
      return { locked: false };
    case 'ticket.setSla':
      return { slaId: args['slaId'] as string | null };
    default:
      return {};
  }
}

/**
 * Canonical state with the agent's edits laid over it: pending and applied-but-not-yet-synced
 * edits show their values; rejected and conflicting ones do not (the screen offers them
 * separately: keep theirs, or apply mine again).
 */
export function overlayTicket(ticket: Ticket, entries: readonly OutboxEntry[], agentId: string): ShownTicket {
  const mine = entries.filter((entry) => entry.subjectId === ticket.id.toLowerCase());
  let shown = ticket;
  for (const entry of mine) if (entry.status === 'pending' || entry.status === 'applied') shown = { ...shown, ...fieldsOf(entry, agentId) };
  return { ticket: shown, pending: mine };
}
