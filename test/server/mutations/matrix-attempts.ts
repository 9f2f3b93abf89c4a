import { randomUUID } from 'node:crypto';
import type { MutationName } from '../../../src-shared/sync/mutations.js';
import { groupOf, moveTargets, type Cell, type Check, type Taken } from './matrix-support.js';
import { addArticle, createTicket, mutation, queueId, type EnvelopeMutation } from './support.js';

/** What an attempt is built from besides its cell. */
export interface BuildContext {
  /** The acting agent's id. */
  self: string;
  /** An agent who may own tickets of no group (the contractor). */
  outsider: string;
  version(ticketId: string): number;
  /** For the attempts that reuse a taken id: the ids of one queue, readable or not. */
  taken: Taken | null;
}

export interface Attempt {
  name: MutationName;
  label: string;
  build: (cell: Cell, context: BuildContext) => EnvelopeMutation;
  checks: (cell: Cell) => Check[];
  /** The answer once every check passes: `applied`, or the refusal the attempt provokes. */
  success?: string;
  /** Built once with ids taken in a readable queue and once with ids taken in an unreadable one. */
  reusesTakenIds?: boolean;
  /** The same mutation naming nobody at all, for an attempt whose hidden reference is not a ticket. */
  unknownTwin?: (mutation: EnvelopeMutation) => EnvelopeMutation;
  /** One request per mutation: the cells' mutations name one ticket, and a refused one would hold the others back. */
  alone?: boolean;
}

const onTicket = (cell: Cell, right: Check['right']): Check => ({ on: 'ticket', group: groupOf(cell.queue), right });
const onForeign = (cell: Cell, right: Check['right']): Check => ({ on: 'ticket', group: groupOf(moveTargets[cell.queue] ?? ''), right });
const taken = (context: BuildContext): Taken => {
  if (!context.taken) throw new Error('this attempt reuses taken ids');
  return context.taken;
};
const withArgs = (m: EnvelopeMutation, args: Record<string, unknown>): EnvelopeMutation => ({ ...m, id: randomUUID(), args: { ...(m.args as object), ...args } });

/** Every mutation of the catalogue as the matrix tries it, and the checks that decide it. */
export const attempts: Attempt[] = [
  { name: 'ticket.addArticle', label: 'internal note', build: (c) => addArticle(c.main), checks: (c) => [onTicket(c, 'note')] },
  { name: 'ticket.addArticle', label: 'customer-visible article', build: (c) => addArticle(c.main, { visibility: 'customer-visible', channel: 'email' }), checks: (c) => [onTicket(c, 'rw')] },
  { name: 'ticket.setPriority', label: 'priority', build: (c, x) => mutation('ticket.setPriority', { ticketId: c.main, priority: 1 }, x.version(c.main)), checks: (c) => [onTicket(c, 'priority')] },
  { name: 'ticket.setOwner', label: 'owner', build: (c, x) => mutation('ticket.setOwner', { ticketId: c.main, ownerId: x.self }, x.version(c.main)), checks: (c) => [onTicket(c, 'owner')] },
  {
    name: 'ticket.setOwner',
    label: 'owner who may not own the group',
    build: (c, x) => mutation('ticket.setOwner', { ticketId: c.main, ownerId: x.outsider }, x.version(c.main)),
    checks: (c) => [onTicket(c, 'owner')],
    success: 'invalid-args',
    unknownTwin: (m) => withArgs(m, { ownerId: randomUUID() }),
  },
  { name: 'ticket.setResponsible', label: 'responsible', build: (c, x) => mutation('ticket.setResponsible', { ticketId: c.main, responsibleId: x.self }, x.version(c.main)), checks: (c) => [onTicket(c, 'owner')] },
  {
    name: 'ticket.setResponsible',
    label: 'responsible who may not own the group',
    build: (c, x) => mutation('ticket.setResponsible', { ticketId: c.main, responsibleId: x.outsider }, x.version(c.main)),
    checks: (c) => [onTicket(c, 'owner')],
    success: 'invalid-args',
    unknownTwin: (m) => withArgs(m, { responsibleId: randomUUID() }),
  },
  { name: 'ticket.lock', label: 'lock', build: (c, x) => mutation('ticket.lock', { ticketId: c.main }, x.version(c.main)), checks: (c) => [onTicket(c, 'rw')] },
  { name: 'ticket.unlock', label: 'unlock', build: (c, x) => mutation('ticket.unlock', { ticketId: c.main }, x.version(c.main)), checks: (c) => [onTicket(c, 'rw')] },
  { name: 'ticket.setState', label: 'state', build: (c, x) => mutation('ticket.setState', { ticketId: c.main, state: 'open' }, x.version(c.main)), checks: (c) => [onTicket(c, 'rw')] },
  { name: 'ticket.accountTime', label: 'time', build: (c) => mutation('ticket.accountTime', { ticketId: c.main, entryId: randomUUID(), minutes: 5 }), checks: (c) => [onTicket(c, 'note')] },
  {
    name: 'ticket.link',
    label: 'link',
    build: (c) => mutation('ticket.link', { ticketId: c.main, linkId: randomUUID(), targetTicketId: c.other, kind: 'related' }),
    checks: (c) => [onTicket(c, 'rw'), onTicket(c, 'ro')],
  },
  {
    name: 'ticket.link',
    label: 'link into another group',
    build: (c) => mutation('ticket.link', { ticketId: c.main, linkId: randomUUID(), targetTicketId: c.foreign, kind: 'related' }),
    checks: (c) => [onTicket(c, 'rw'), onForeign(c, 'ro')],
  },
  {
    name: 'ticket.move',
    label: 'move',
    build: (c, x) => mutation('ticket.move', { ticketId: c.moved, queueId: queueId(moveTargets[c.queue] ?? '') }, x.version(c.moved)),
    checks: (c) => [onTicket(c, 'move_into'), { on: 'queue', group: groupOf(moveTargets[c.queue] ?? ''), right: 'move_into' }],
  },
  {
    name: 'ticket.merge',
    label: 'merge',
    build: (c, x) => mutation('ticket.merge', { ticketId: c.mergedSource, intoTicketId: c.other }, x.version(c.mergedSource)),
    checks: (c) => [onTicket(c, 'rw'), onTicket(c, 'rw')],
  },
  {
    name: 'ticket.merge',
    label: 'merge into another group',
    build: (c, x) => mutation('ticket.merge', { ticketId: c.crossSource, intoTicketId: c.foreign }, x.version(c.crossSource)),
    checks: (c) => [onTicket(c, 'rw'), onForeign(c, 'rw')],
  },
  { name: 'ticket.create', label: 'create', build: (c) => createTicket(c.queue), checks: (c) => [{ on: 'queue', group: groupOf(c.queue), right: 'create' }] },
  ...takenIdAttempts(),
];

/** Client ids that exist already: the same answer whether the agent may read their owner or not. */
function takenIdAttempts(): Attempt[] {
  const reuse = { reusesTakenIds: true, success: 'already-exists' } as const;
  const upload = (id: string): Record<string, string> => ({ id, filename: 'kopie.txt', contentType: 'text/plain', contentBase64: Buffer.from('Kopie').toString('base64') });
  return [
    {
      ...reuse,
      name: 'ticket.create',
      label: 'create with a taken ticket id',
      build: (c, x) => createTicket(c.queue, { ticketId: taken(x).ticket }),
      checks: (c) => [{ on: 'queue', group: groupOf(c.queue), right: 'create' }],
      alone: true,
    },
    { ...reuse, name: 'ticket.addArticle', label: 'article with a taken id', build: (c, x) => addArticle(c.main, { articleId: taken(x).article }), checks: (c) => [onTicket(c, 'note')] },
    {
      ...reuse,
      name: 'ticket.addArticle',
      label: 'attachment with a taken id',
      build: (c, x) => addArticle(c.main, { attachments: [upload(randomUUID()), upload(taken(x).attachment)] }),
      checks: (c) => [onTicket(c, 'note')],
    },
    {
      ...reuse,
      name: 'ticket.accountTime',
      label: 'time entry with a taken id',
      build: (c, x) => mutation('ticket.accountTime', { ticketId: c.main, entryId: taken(x).timeEntry, minutes: 5 }),
      checks: (c) => [onTicket(c, 'note')],
    },
    {
      ...reuse,
      name: 'ticket.link',
      label: 'link with a taken id',
      build: (c, x) => mutation('ticket.link', { ticketId: c.main, linkId: taken(x).link, targetTicketId: c.other, kind: 'parent-child' }),
      checks: (c) => [onTicket(c, 'rw'), onTicket(c, 'ro')],
    },
  ];
}

/** The ticket arguments a mutation may name. */
const ticketFields = ['ticketId', 'intoTicketId', 'targetTicketId'] as const;

/**
 * The twin of a mutation that names tickets the agent may not read: the same with unknown ids
 * in their place (null when it names none). Its answer must be the original's, byte for byte.
 */
export function twinWithUnknownTickets(original: EnvelopeMutation, hidden: (ticketId: string) => boolean): EnvelopeMutation | null {
  const args = original.args as Record<string, unknown>;
  const replaced = Object.fromEntries(ticketFields.flatMap((field) => (typeof args[field] === 'string' && hidden(args[field]) ? [[field, randomUUID()]] : [])));
  return Object.keys(replaced).length === 0 ? null : withArgs(original, replaced);
}
