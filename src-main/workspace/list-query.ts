import type { TicketListFilters, TicketListView, TicketSortKey } from '../../src-shared/ipc/workspace.js';
import { closedStates, ticketStates } from '../../src-shared/sync/entities.js';
import { anyClockBreached, nearestDue, openTicket } from '../cache/migrations/0008-workspace-lists.js';

export type SqlValue = string | number;

/** What a list shows, in the service's terms: the view, its sort and its filters (no window). */
export interface ListShape {
  view: TicketListView;
  sort: { key: TicketSortKey; direction: 'asc' | 'desc' };
  filters: TicketListFilters;
}

/** The parts of a list's statements: the tickets (alias `t`) that belong to it, and in which order. */
export interface ListQuery {
  /** `FROM … WHERE …` over the tickets alone. */
  from: string;
  params: SqlValue[];
  orderBy: string;
  /** The order comes straight from an index (`tickets_open_queue`, `tickets_open_owner`): windows need no sort. */
  fromIndex: boolean;
}

const open = new Set<string>(ticketStates.filter((state) => !closedStates.includes(state)));
/** The states in the order a ticket goes through them, for the `state` column. */
const stateRank = `CASE t."state" ${ticketStates.map((state, rank) => `WHEN '${state}' THEN ${String(rank)}`).join(' ')} END`;
const runningDue = (clock: 'first_response' | 'update' | 'solution'): string => `CASE WHEN t."${clock}_answered" = 0 THEN t."${clock}_due" END`;

/**
 * Each sort key: the value it sorts by (null sorts last in both directions), all in the ticket's
 * row and in `tickets_open_queue`. Names sort by their folded copies (`sortText`; the customer's,
 * institution's and owner's copied into the ticket: sort-keys.ts), so that case and umlauts sort
 * as in a dictionary and no name is looked up per ticket.
 */
const sortKeys: Record<TicketSortKey, { value: string; reversed?: true }> = {
  'nearest-due': { value: `nullif(${nearestDue}, '~')` },
  number: { value: 't."number"' },
  title: { value: 't."title_sort"' },
  customer: { value: 't."customer_sort"' },
  institution: { value: 't."institution_sort"' },
  state: { value: stateRank },
  priority: { value: 't."priority"' },
  owner: { value: 't."owner_sort"' },
  // Age ascending: the youngest first, i.e. the latest creation first.
  age: { value: 't."created_at"', reversed: true },
  'first-response-due': { value: runningDue('first_response') },
  'update-due': { value: runningDue('update') },
  'solution-due': { value: runningDue('solution') },
};

/** The conditions of a view and its filters, all parameterised; the open-ticket and breach terms as the indexes name them. */
function conditions(shape: ListShape, agentId: string, now: string): { where: string[]; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const { view, filters } = shape;
  // Mine, my locked and escalated are open tickets by definition; a queue shows its open tickets unless states are chosen.
  const states = filters.states !== undefined && filters.states.length > 0 ? filters.states : null;
  let onlyOpen = view.kind === 'mine' || view.kind === 'my-locked' || view.kind === 'escalated';
  if (view.kind === 'queue' || view.kind === 'institution') onlyOpen = states === null || states.every((state) => open.has(state));
  switch (view.kind) {
    case 'queue':
      where.push('t."queue_id" = ?');
      params.push(view.queueId);
      break;
    case 'mine':
    case 'my-locked':
      where.push('t."owner_id" = ?');
      params.push(agentId);
      if (view.kind === 'my-locked') where.push('t."locked" = 1');
      break;
    case 'escalated':
      where.push(anyClockBreached);
      break;
    case 'reminders-due':
      where.push(`t."state" = 'pending-reminder'`, 't."pending_until" <= ?');
      params.push(now);
      break;
    case 'institution':
      where.push('t."institution_id" = ?');
      params.push(view.institutionId);
      break;
  }
  if (onlyOpen) where.push(openTicket);
  const anyOf = (column: string, values: readonly SqlValue[] | undefined): void => {
    if (values === undefined || values.length === 0) return;
    where.push(`t."${column}" IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  anyOf('state', states ?? undefined);
  anyOf('priority', filters.priorities);
  anyOf('institution_id', filters.institutionIds);
  anyOf('type', filters.types);
  if (filters.ownerIds !== undefined && filters.ownerIds.length > 0) {
    const owners = filters.ownerIds.filter((owner): owner is string => owner !== null);
    const parts = owners.length > 0 ? ['t."owner_id" IN (SELECT value FROM json_each(?))'] : [];
    if (owners.length > 0) params.push(JSON.stringify(owners));
    if (owners.length < filters.ownerIds.length) parts.push('t."owner_id" IS NULL');
    where.push(parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' OR ')})`);
  }
  if (filters.locked !== undefined) {
    where.push('t."locked" = ?');
    params.push(filters.locked ? 1 : 0);
  }
  return { where, params };
}

/** The statement parts of one list; `now` decides which reminders are due. */
export function listQuery(shape: ListShape, agentId: string, now: string): ListQuery {
  const { where, params } = conditions(shape, agentId, now);
  const { key, direction } = shape.sort;
  const indexed = key === 'nearest-due' && direction === 'asc' && ['queue', 'mine', 'my-locked'].includes(shape.view.kind) && where.includes(openTicket);
  const sort = sortKeys[key];
  // Without statistics SQLite would rather scan the wide queue index than these small partial ones.
  const partial = { escalated: ' INDEXED BY tickets_open_escalated', 'reminders-due': ' INDEXED BY tickets_reminders' }[shape.view.kind as string] ?? '';
  const from = `FROM tickets t${partial} WHERE ${where.join(' AND ')}`;
  if (indexed) return { from, params, orderBy: `${nearestDue}, t."id"`, fromIndex: true };
  const dir = (direction === 'asc') !== (sort.reversed === true) ? 'ASC' : 'DESC';
  return { from, params, orderBy: `(${sort.value}) IS NULL, ${sort.value} ${dir}, t."id" ${direction === 'asc' ? 'ASC' : 'DESC'}`, fromIndex: false };
}
