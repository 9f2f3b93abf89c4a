import type pg from 'pg';
import { hasRight, type Permissions, type Right } from '../../../src-shared/permissions.js';
import type { RoleConfig } from '../../../src-server/config.js';
import { testQueues } from './support.js';

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

/** Where a ticket of each queue is moved to, and where its foreign link and merge target lives: always a queue of another group. */
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
  /** Merged into `other`. */
  mergedSource: string;
  /** Merged into `foreign`. */
  crossSource: string;
  /** Same queue: link and merge target. */
  other: string;
  /** In `moveTargets[queue]`, another group: link and merge target. */
  foreign: string;
}

/** Ids the team lead used in one queue, which the matrix sends again: an id that is taken. */
export interface Taken {
  queue: string;
  ticket: string;
  article: string;
  attachment: string;
  timeEntry: string;
  link: string;
}

/**
 * A check the server makes, in its order. On a ticket: without `ro` the ticket does not exist
 * for the agent (`not-found`), without `right` it is `permission-denied`. On a queue (every agent
 * receives every queue): `permission-denied` only.
 */
export interface Check {
  on: 'ticket' | 'queue';
  group: string;
  right: Right;
}

/** The answer the rules promise: the first check that fails decides; `success` once all pass. */
export function expectedOutcome(permissions: Permissions, checks: readonly Check[], success = 'applied'): string {
  for (const { on, group, right } of checks) {
    if (on === 'ticket' && !hasRight(permissions, group, 'ro')) return 'not-found';
    if (!hasRight(permissions, group, right)) return 'permission-denied';
  }
  return success;
}

/** One JSON string per ticket with its row and the counts of everything that hangs on it. */
export async function snapshots(db: pg.Pool, ids: readonly string[]): Promise<Map<string, string>> {
  const result = await db.query<{ id: string; snapshot: string }>(
    `SELECT t.id, json_build_object(
       'ticket', row_to_json(t),
       'articles', (SELECT count(*) FROM articles WHERE ticket_id = t.id),
       'attachments', (SELECT count(*) FROM attachments WHERE ticket_id = t.id),
       'history', (SELECT count(*) FROM ticket_history WHERE ticket_id = t.id),
       'links', (SELECT count(*) FROM ticket_links WHERE source_ticket_id = t.id OR target_ticket_id = t.id),
       'time', (SELECT count(*) FROM time_entries WHERE ticket_id = t.id),
       'changes', (SELECT count(*) FROM change_log WHERE ticket_id = t.id))::text AS snapshot
     FROM tickets t WHERE t.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, row.snapshot]));
}

/** Version and group of each ticket now: mutations need the one, the oracle and the twins the other. */
export async function ticketStates(db: pg.Pool, ids: readonly string[]): Promise<Map<string, { version: number; group: string }>> {
  const result = await db.query<{ id: string; version: number; group_name: string }>(
    'SELECT t.id, t.version, q.group_name FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE t.id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, { version: row.version, group: row.group_name }]));
}

/** A mutation result with its mutation id blanked: what must be equal byte for byte between two answers. */
export function comparable(result: unknown): string {
  return JSON.stringify({ ...(result as Record<string, unknown>), id: '-' });
}
