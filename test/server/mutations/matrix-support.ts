import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { hasRight, type Permissions, type Right } from '../../../src-shared/permissions.js';
import type { MutationName } from '../../../src-shared/sync/mutations.js';
import type { RoleConfig } from '../../../src-server/config.js';
import { addArticle, createTicket, mutation, queueId, testQueues, type EnvelopeMutation } from './support.js';

const allGroups = ['serviceline', 'settlement', 'custody', 'tax', 'itops', 'helpdesk'];

/**
 * Roles for the permission matrix: between them every right appears alone somewhere, so that
 * each mutation meets an agent who holds exactly the right it needs and one who lacks it.
 */
export const matrixRoles: RoleConfig[] = [
  { name: 'teamlead', ldapGroups: ['kontor-teamleads'], grants: Object.fromEntries(allGroups.map((group) => [group, ['rw']])) },
  { name: 'settlement', ldapGroups: ['kontor-settlement'], grants: { settlement: ['rw'], serviceline: ['ro', 'move_into'] } },
  { name: 'custody', ldapGroups: ['kontor-custody'], grants: { custody: ['rw'], settlement: ['ro'] } },
  { name: 'tax', ldapGroups: ['kontor-tax'], grants: { tax: ['ro', 'create', 'note'], serviceline: ['create'] } },
  { name: 'itops', ldapGroups: ['kontor-itops'], grants: { itops: ['rw'], helpdesk: ['ro', 'owner', 'priority'] } },
  { name: 'helpdesk', ldapGroups: ['kontor-helpdesk'], grants: { helpdesk: ['ro', 'move_into'], itops: ['ro', 'move_into'] } },
  { name: 'contractor', ldapGroups: ['kontor-contractors'], grants: { settlement: ['ro', 'note'], itops: ['ro'] } },
];

/** One agent per role (mmueller also holds settlement, which teamlead's rw covers). */
export const matrixAgents = ['mmueller', 'lweber', 'sobrien', 'hmeier', 'dnowak', 'pschulz', 'extern.kraus'] as const;

/** Where a ticket of each queue is moved to: always a queue of another group. */
export const moveTargets: Record<string, string> = {
  ServiceLine: 'Wertpapiere::Abwicklung',
  Wertpapiere: 'ServiceLine',
  'Wertpapiere::Abwicklung': 'Wertpapiere::Verwahrung',
  'Wertpapiere::Verwahrung': 'Wertpapiere::Abwicklung',
  Steuern: 'ServiceLine',
  'IT-Betrieb': 'Interner Helpdesk',
  'Interner Helpdesk': 'IT-Betrieb',
};

export const groupOf = (queue: string): string => testQueues.find((q) => q.name === queue)?.group ?? '';

/** The tickets one agent works on in one queue, created beforehand by the team lead. */
export interface Cell {
  queue: string;
  /** Takes every single-ticket mutation. */
  main: string;
  moved: string;
  mergedSource: string;
  /** Merge target and link target. */
  other: string;
}

export type Attempt = (cell: Cell, self: string, version: (ticketId: string) => number) => EnvelopeMutation;

/** Every mutation of the catalogue as the matrix tries it, and the rights that decide it. */
export const attempts: { name: MutationName; label: string; build: Attempt; rights: (cell: Cell) => { group: string; right: Right }[] }[] = [
  { name: 'ticket.addArticle', label: 'internal note', build: (c) => addArticle(c.main), rights: (c) => [{ group: groupOf(c.queue), right: 'note' }] },
  { name: 'ticket.addArticle', label: 'customer-visible article', build: (c) => addArticle(c.main, { visibility: 'customer-visible', channel: 'email' }), rights: (c) => [{ group: groupOf(c.queue), right: 'rw' }] },
  { name: 'ticket.setPriority', label: 'priority', build: (c, _s, v) => mutation('ticket.setPriority', { ticketId: c.main, priority: 1 }, v(c.main)), rights: (c) => [{ group: groupOf(c.queue), right: 'priority' }] },
  { name: 'ticket.setOwner', label: 'owner', build: (c, s, v) => mutation('ticket.setOwner', { ticketId: c.main, ownerId: s }, v(c.main)), rights: (c) => [{ group: groupOf(c.queue), right: 'owner' }] },
  { name: 'ticket.setResponsible', label: 'responsible', build: (c, s, v) => mutation('ticket.setResponsible', { ticketId: c.main, responsibleId: s }, v(c.main)), rights: (c) => [{ group: groupOf(c.queue), right: 'owner' }] },
  { name: 'ticket.lock', label: 'lock', build: (c, _s, v) => mutation('ticket.lock', { ticketId: c.main }, v(c.main)), rights: (c) => [{ group: groupOf(c.queue), right: 'rw' }] },
  { name: 'ticket.unlock', label: 'unlock', build: (c, _s, v) => mutation('ticket.unlock', { ticketId: c.main }, v(c.main)), rights: (c) => [{ group: groupOf(c.queue), right: 'rw' }] },
  { name: 'ticket.setState', label: 'state', build: (c, _s, v) => mutation('ticket.setState', { ticketId: c.main, state: 'open' }, v(c.main)), rights: (c) => [{ group: groupOf(c.queue), right: 'rw' }] },
  { name: 'ticket.accountTime', label: 'time', build: (c) => mutation('ticket.accountTime', { ticketId: c.main, entryId: randomUUID(), minutes: 5 }), rights: (c) => [{ group: groupOf(c.queue), right: 'note' }] },
  {
    name: 'ticket.link',
    label: 'link',
    build: (c) => mutation('ticket.link', { ticketId: c.main, linkId: randomUUID(), targetTicketId: c.other, kind: 'related' }),
    rights: (c) => [{ group: groupOf(c.queue), right: 'rw' }],
  },
  {
    name: 'ticket.move',
    label: 'move',
    build: (c, _s, v) => mutation('ticket.move', { ticketId: c.moved, queueId: queueId(moveTargets[c.queue] ?? '') }, v(c.moved)),
    rights: (c) => [
      { group: groupOf(c.queue), right: 'move_into' },
      { group: groupOf(moveTargets[c.queue] ?? ''), right: 'move_into' },
    ],
  },
  {
    name: 'ticket.merge',
    label: 'merge',
    build: (c, _s, v) => mutation('ticket.merge', { ticketId: c.mergedSource, intoTicketId: c.other }, v(c.mergedSource)),
    rights: (c) => [{ group: groupOf(c.queue), right: 'rw' }],
  },
  { name: 'ticket.create', label: 'create', build: (c) => createTicket(c.queue), rights: (c) => [{ group: groupOf(c.queue), right: 'create' }] },
];

/**
 * The answer the rules promise: a ticket the agent cannot read does not exist for them; one they
 * read but may not change this way is permission-denied. Queues are visible to all, so a create
 * without the right is permission-denied.
 */
export function expectedOutcome(permissions: Permissions, name: MutationName, needed: { group: string; right: Right }[]): string {
  const [own] = needed;
  if (name !== 'ticket.create' && own && !hasRight(permissions, own.group, 'ro')) return 'not-found';
  return needed.every(({ group, right }) => hasRight(permissions, group, right)) ? 'applied' : 'permission-denied';
}

/** One JSON string per ticket with its row and the counts of everything that hangs on it. */
export async function snapshots(db: pg.Pool, ids: readonly string[]): Promise<Map<string, string>> {
  const result = await db.query<{ id: string; snapshot: string }>(
    `SELECT t.id, json_build_object(
       'ticket', row_to_json(t),
       'articles', (SELECT count(*) FROM articles WHERE ticket_id = t.id),
       'history', (SELECT count(*) FROM ticket_history WHERE ticket_id = t.id),
       'links', (SELECT count(*) FROM ticket_links WHERE source_ticket_id = t.id OR target_ticket_id = t.id),
       'time', (SELECT count(*) FROM time_entries WHERE ticket_id = t.id),
       'changes', (SELECT count(*) FROM change_log WHERE ticket_id = t.id))::text AS snapshot
     FROM tickets t WHERE t.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, row.snapshot]));
}
