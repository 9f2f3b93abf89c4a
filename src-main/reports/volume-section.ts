import type { ReportCell, ReportSection, ReportTable } from '../../src-shared/reports/model.js';
import { ticketTypes } from '../../src-shared/sync/entities.js';
import { periodBuckets, type Bucket } from '../../src-shared/reports/period.js';
import { closedStateSet, closingStates, firstLevelGroup, type CacheReader, type ReportTicket, type ResolvedScope } from './report-source.js';
import { byName, columnSums, percentOf, table } from './report-tables.js';

/** Volume (docs/reports.md "Volume"): flow and backlog over time, the mix, first-level resolution. */

interface ScopeTicket {
  id: string;
  number: string;
  createdAt: string;
  type: string;
  queueId: string;
}

interface StateEvent {
  ticketId: string;
  from: string | null;
  to: string;
  at: string;
}

/** The history the volume and times reports walk, read once per report. */
export class TicketHistory {
  private constructor(
    readonly tickets: ScopeTicket[],
    readonly events: StateEvent[],
    /** The queue each ticket was created in (its `created` history entry). */
    readonly createdIn: ReadonlyMap<string, string>,
    /** The first `moved` entry of each ticket that was moved. */
    readonly firstMove: ReadonlyMap<string, string>,
  ) {}

  /** The scope's tickets created before `end` and their state changes before it, in order. */
  static read(source: CacheReader, scope: ResolvedScope, end: Date): TicketHistory {
    const before = end.toISOString();
    const tickets = source.db
      .prepare(`SELECT t."id" AS id, t."number" AS number, t."created_at" AS createdAt, t."type" AS type, t."queue_id" AS queueId FROM tickets t WHERE ${scope.where} AND t."created_at" < ?`)
      .all(...scope.params, before) as ScopeTicket[];
    const events = source.db
      .prepare(
        `SELECT h."ticket_id" AS ticketId, json_extract(h."data", '$.from') AS "from",
                CASE h."event" WHEN 'merged' THEN 'merged' ELSE json_extract(h."data", '$.to') END AS "to", h."occurred_at" AS at
         FROM history h JOIN tickets t ON t."id" = h."ticket_id"
         WHERE h."event" IN ('state-changed', 'merged') AND h."occurred_at" < ? AND ${scope.where}
         ORDER BY h."occurred_at", CAST(h."id" AS INTEGER)`,
      )
      .all(before, ...scope.params) as StateEvent[];
    const created = source.db
      .prepare(
        `SELECT h."ticket_id" AS ticketId, json_extract(h."data", '$.queueId') AS queueId
         FROM tickets t JOIN history h ON h."ticket_id" = t."id" AND h."event" = 'created' WHERE ${scope.where}`,
      )
      .all(...scope.params) as { ticketId: string; queueId: string | null }[];
    const moves = source.db
      .prepare(
        `SELECT h."ticket_id" AS ticketId, MIN(h."occurred_at") AS at
         FROM history h JOIN tickets t ON t."id" = h."ticket_id" WHERE h."event" = 'moved' AND ${scope.where} GROUP BY h."ticket_id"`,
      )
      .all(...scope.params) as { ticketId: string; at: string }[];
    return new TicketHistory(
      tickets,
      events,
      new Map(created.flatMap((row) => (row.queueId === null ? [] : [[row.ticketId, row.queueId] as const]))),
      new Map(moves.map((row) => [row.ticketId, row.at])),
    );
  }

  /** Whether a ticket started in a first-level queue. */
  startedInFirstLevel(source: CacheReader, ticketId: string): boolean {
    const queueId = this.createdIn.get(ticketId);
    return queueId !== undefined && source.queueGroup(queueId) === firstLevelGroup;
  }
}

export function isClosing(event: StateEvent): boolean {
  return closingStates.has(event.to) && !closedStateSet.has(event.from ?? 'new');
}

export function isReopening(event: StateEvent): boolean {
  return closedStateSet.has(event.from ?? 'new') && !closedStateSet.has(event.to);
}

/**
 * Open tickets at each instant of `instants` (ascending): created before it and not in a closed
 * state at it, the state being the last change before it. One walk over the events.
 */
export function backlogAt(history: TicketHistory, instants: readonly Date[]): { open: number[]; closedAtLast: ReadonlySet<string> } {
  const created = history.tickets.map((ticket) => ticket.createdAt).sort();
  const closed = new Set<string>();
  const open: number[] = [];
  let event = 0;
  let born = 0;
  for (const instant of instants) {
    const at = instant.toISOString();
    while (born < created.length && (created[born] ?? '') < at) born += 1;
    for (; event < history.events.length; event += 1) {
      const next = history.events[event];
      if (next === undefined || next.at >= at) break;
      if (closedStateSet.has(next.to)) closed.add(next.ticketId);
      else closed.delete(next.ticketId);
    }
    open.push(born - closed.size);
  }
  return { open, closedAtLast: closed };
}

function inBucket(at: string, bucket: Bucket): boolean {
  return at >= bucket.start.toISOString() && at < bucket.end.toISOString();
}

/** Created, closed, reopened, backlog at start and end per bucket, with a total row. */
export function flowTable(id: string, history: TicketHistory, buckets: readonly Bucket[]): ReportTable {
  const starts = backlogAt(history, buckets.map((bucket) => bucket.start)).open;
  const ends = backlogAt(history, buckets.map((bucket) => bucket.end)).open;
  const rows = buckets.map((bucket, index): ReportCell[] => {
    const created = history.tickets.filter((ticket) => inBucket(ticket.createdAt, bucket)).length;
    const events = history.events.filter((event) => inBucket(event.at, bucket));
    return [bucket.label, created, events.filter(isClosing).length, events.filter(isReopening).length, starts[index] ?? 0, ends[index] ?? 0];
  });
  return table(
    id,
    [['bucket', 'date'], ['created', 'count'], ['closed', 'count'], ['reopened', 'count'], ['backlog-start', 'count'], ['backlog-end', 'count']],
    rows,
    rows.length === 0 ? null : ['total', ...columnSums(rows, 1, 4), starts[0] ?? 0, ends[ends.length - 1] ?? 0],
  );
}

/**
 * The numbers of the tickets a flow table counts besides the cohort: closed or reopened in the
 * period, or open at one of the buckets' bounds (a backlog). A ticket is in a backlog when one of
 * its open spells (creation or reopening until the next closing) holds a bound.
 */
export function flowTickets(history: TicketHistory, start: Date, end: Date, buckets: readonly Bucket[]): string[] {
  const from = start.toISOString();
  const until = end.toISOString();
  const bounds = [...new Set(buckets.flatMap((bucket) => [bucket.start.toISOString(), bucket.end.toISOString()]))].sort();
  /** Whether a bound b falls in the spell: opened before b and not closed before it (opened < b ≤ closed). */
  const holdsBound = (opened: string, closed: string | null): boolean => {
    let low = 0;
    let high = bounds.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((bounds[middle] ?? '') <= opened) low = middle + 1;
      else high = middle;
    }
    const first = bounds[low];
    return first !== undefined && (closed === null || first <= closed);
  };
  const counted = new Set<string>();
  const spells = new Map<string, { opened: string | null }>();
  for (const ticket of history.tickets) spells.set(ticket.id, { opened: ticket.createdAt });
  for (const event of history.events) {
    const spell = spells.get(event.ticketId);
    if (!spell) continue;
    if (event.at >= from && event.at < until && (isClosing(event) || isReopening(event))) counted.add(event.ticketId);
    const closedNow = closedStateSet.has(event.to);
    if (closedNow && spell.opened !== null) {
      if (holdsBound(spell.opened, event.at)) counted.add(event.ticketId);
      spell.opened = null;
    } else if (!closedNow && spell.opened === null) {
      spell.opened = event.at;
    }
  }
  for (const [ticketId, spell] of spells) if (spell.opened !== null && holdsBound(spell.opened, null)) counted.add(ticketId);
  const numbers = new Map(history.tickets.map((ticket) => [ticket.id, ticket.number]));
  return [...counted].flatMap((id) => numbers.get(id) ?? []);
}

/** The closings in `[start, end)` and the tickets they close. */
export function closingsIn(history: TicketHistory, start: Date, end: Date): StateEvent[] {
  const from = start.toISOString();
  const until = end.toISOString();
  return history.events.filter((event) => event.at >= from && event.at < until && isClosing(event));
}

export function volumeSections(source: CacheReader, history: TicketHistory, cohort: readonly ReportTicket[], period: { from: string; to: string }, start: Date, end: Date): ReportSection[] {
  const closings = closingsIn(history, start, end);
  const ticketsById = new Map(history.tickets.map((ticket) => [ticket.id, ticket]));

  const channels = firstChannels(source, cohort);
  const channelCounts = new Map<string, number>();
  for (const ticket of cohort) {
    const channel = channels.get(ticket.id) ?? 'none';
    channelCounts.set(channel, (channelCounts.get(channel) ?? 0) + 1);
  }
  const channelOrder = ['phone', 'email', 'portal', 'note', 'none'];
  const channelRows = channelOrder.filter((channel) => channelCounts.has(channel)).map((channel): ReportCell[] => [channel, channelCounts.get(channel) ?? 0]);

  const { closedAtLast } = backlogAt(history, [end]);
  const queueIds = [...new Set([...cohort.map((ticket) => ticket.queueId), ...closings.map((event) => ticketsById.get(event.ticketId)?.queueId ?? '')])].filter((id) => id !== '');
  const openAtEnd = new Map<string, number>();
  for (const ticket of history.tickets) {
    if (!closedAtLast.has(ticket.id)) openAtEnd.set(ticket.queueId, (openAtEnd.get(ticket.queueId) ?? 0) + 1);
  }
  for (const queueId of openAtEnd.keys()) if (!queueIds.includes(queueId)) queueIds.push(queueId);
  const queueRows = queueIds
    .map((queueId): ReportCell[] => [
      source.queueName(queueId),
      cohort.filter((ticket) => ticket.queueId === queueId).length,
      closings.filter((event) => ticketsById.get(event.ticketId)?.queueId === queueId).length,
      openAtEnd.get(queueId) ?? 0,
    ])
    .sort((a, b) => byName(String(a[0]), String(b[0])));

  const closedTickets = [...new Set(closings.map((event) => event.ticketId))].filter((id) => history.startedInFirstLevel(source, id));
  const neverMoved = closedTickets.filter((id) => !history.firstMove.has(id)).length;

  return [
    {
      id: 'volume-flow',
      charts: [{ id: 'volume-flow', kind: 'bar-line', table: 'volume-flow', label: 'bucket', series: ['created', 'closed', 'backlog-end'], lines: ['backlog-end'] }],
      tables: [flowTable('volume-flow', history, periodBuckets(period))],
    },
    {
      id: 'volume-mix',
      charts: [
        { id: 'volume-by-channel', kind: 'bar', table: 'volume-by-channel', label: 'channel', series: ['created'], lines: [] },
        { id: 'volume-by-type', kind: 'bar', table: 'volume-by-type', label: 'type', series: ['created', 'closed'], lines: [] },
      ],
      tables: [
        table('volume-by-channel', [['channel', 'term'], ['created', 'count']], channelRows, ['total', ...columnSums(channelRows, 1, 2)]),
        typeTable('volume-by-type', history, cohort, closings),
        table('volume-by-queue', [['queue', 'text'], ['created', 'count'], ['closed', 'count'], ['backlog-end', 'count']], queueRows, ['total', ...columnSums(queueRows, 1, 4)]),
      ],
    },
    {
      id: 'first-level',
      charts: [],
      tables: [
        table(
          'first-level',
          [['measure', 'term'], ['closed-first-level', 'count'], ['resolved-first-level', 'count'], ['rate-percent', 'percent']],
          [['first-level', closedTickets.length, neverMoved, percentOf(neverMoved, closedTickets.length)]],
        ),
      ],
    },
  ];
}

/** Created (the cohort) and closed (closings in the period) per ticket type, with a total row. */
export function typeTable(id: string, history: TicketHistory, cohort: readonly ReportTicket[], closings: readonly StateEvent[]): ReportTable {
  const typeOf = new Map(history.tickets.map((ticket) => [ticket.id, ticket.type]));
  const rows = ticketTypes.map((type): ReportCell[] => [type, cohort.filter((ticket) => ticket.type === type).length, closings.filter((event) => typeOf.get(event.ticketId) === type).length]);
  return table(id, [['type', 'term'], ['created', 'count'], ['closed', 'count']], rows, ['total', ...columnSums(rows, 1, 3)]);
}

/** The channel of each ticket's first article (earliest, then by id). */
export function firstChannels(source: CacheReader, tickets: readonly ReportTicket[]): Map<string, string> {
  const statement = source.db.prepare('SELECT "channel" FROM articles WHERE "ticket_id" = ? ORDER BY "created_at", "id" LIMIT 1').pluck();
  const channels = new Map<string, string>();
  for (const ticket of tickets) {
    const channel = statement.get(ticket.id) as string | undefined;
    if (channel !== undefined) channels.set(ticket.id, channel);
  }
  return channels;
}
