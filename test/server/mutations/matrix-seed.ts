import { randomUUID } from 'node:crypto';
import { moveTargets, type Cell, type Taken } from './matrix-support.js';
import { articleInput, createTicket, expectApplied, mutation, send, testQueues, type EnvelopeMutation } from './support.js';

/** Sends mutations in requests of at most 100, every one of which must apply. */
async function applyAll(url: string, token: string, mutations: readonly EnvelopeMutation[]): Promise<void> {
  for (let start = 0; start < mutations.length; start += 100) {
    for (const result of await send(url, token, ...mutations.slice(start, start + 100))) expectApplied(result);
  }
}

/** The team lead (rw everywhere) creates every agent's tickets in every queue. */
export async function seedCells(url: string, token: string, agents: readonly string[]): Promise<Map<string, Cell[]>> {
  const creates: EnvelopeMutation[] = [];
  const cells = new Map<string, Cell[]>();
  const create = (queue: string): string => {
    const created = createTicket(queue);
    creates.push(created);
    return created.ticketId;
  };
  for (const username of agents) {
    cells.set(
      username,
      testQueues.map(({ name }) => ({
        queue: name,
        main: create(name),
        moved: create(name),
        mergedSource: create(name),
        crossSource: create(name),
        other: create(name),
        foreign: create(moveTargets[name] ?? ''),
      })),
    );
  }
  await applyAll(url, token, creates);
  return cells;
}

/**
 * In every queue the team lead opens a ticket with an attachment, books time on it and links it
 * to a second ticket there: ids the matrix sends again. Then each such ticket is linked to the
 * one of the next group, and a third ticket is merged into that one, so that every agent has
 * links and merges across the edge of what they may read.
 */
export async function seedTakenIds(url: string, token: string): Promise<Taken[]> {
  const taken: Taken[] = [];
  const tickets: EnvelopeMutation[] = [];
  const parts: EnvelopeMutation[] = [];
  for (const { name } of testQueues) {
    const ids = { queue: name, article: randomUUID(), attachment: randomUUID(), timeEntry: randomUUID(), link: randomUUID() };
    const upload = { id: ids.attachment, filename: 'auszug.txt', contentType: 'text/plain', contentBase64: Buffer.from('Depotauszug').toString('base64') };
    const ticket = createTicket(name, { article: articleInput({ articleId: ids.article, attachments: [upload] }) });
    const second = createTicket(name);
    tickets.push(ticket, second);
    parts.push(
      mutation('ticket.accountTime', { ticketId: ticket.ticketId, entryId: ids.timeEntry, minutes: 10 }),
      mutation('ticket.link', { ticketId: ticket.ticketId, linkId: ids.link, targetTicketId: second.ticketId, kind: 'related' }),
    );
    taken.push({ ...ids, ticket: ticket.ticketId });
  }
  const merged: EnvelopeMutation[] = [];
  for (const ids of taken) {
    const target = taken.find((other) => other.queue === moveTargets[ids.queue]);
    if (!target) throw new Error(`no taken ids in ${moveTargets[ids.queue] ?? '?'}`);
    const source = createTicket(ids.queue);
    tickets.push(source);
    parts.push(mutation('ticket.link', { ticketId: ids.ticket, linkId: randomUUID(), targetTicketId: target.ticket, kind: 'duplicate' }));
    merged.push(mutation('ticket.merge', { ticketId: source.ticketId, intoTicketId: target.ticket }, 1));
  }
  await applyAll(url, token, [...tickets, ...parts, ...merged]);
  return taken;
}
