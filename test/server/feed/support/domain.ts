import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../../src-server/db/database.js';
import { appendChanges, type NewChange } from '../../../../src-server/sync/change-log.js';
import type { Article, HistoryEntry, Queue, Ticket } from '../../../../src-shared/sync/entities.js';
import { continuousCalendar } from '../../../../src-shared/sla/calendar.js';
import { clocksAtCreation } from '../../../../src-shared/sla/clocks.js';
import { clockFieldsOf } from '../../../../src-shared/sla/ticket-clocks.js';
import { insertSql, storedFields, storedValues } from '../../../../src-server/db/entity-table.js';
import { queueTable, ticketTable } from '../../../../src-server/db/entity-tables.js';

/**
 * Writes domain rows and their change rows the way the mutations do (one transaction, whole
 * entities, the ticket's group on every row, the whole bundle again on a move), so that the
 * feed can be tested on its own.
 */
export interface Writer {
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

const sla = { firstResponseMinutes: 60, updateMinutes: 240, solutionMinutes: 2880, warningPercent: 80 };
/** The SLA every test queue counts with (24/7), created once per database by `createQueue`. */
export const testSlaId = '0a5e3c1e-7e57-4000-8000-000000000001';
const continuousCalendarId = '7dc5b582-c874-5c00-9b03-e83256bb3218';

/** The test SLA, written unless there. */
export async function ensureTestSla(tx: Queryable): Promise<string> {
  await tx.query(
    `INSERT INTO slas (id, name, calendar_id, first_response_minutes, update_minutes, solution_minutes, warning_percent)
     VALUES ($1, 'Test SLA', $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [testSlaId, continuousCalendarId, sla.firstResponseMinutes, sla.updateMinutes, sla.solutionMinutes, sla.warningPercent],
  );
  return testSlaId;
}
let ticketCounter = 0;

const stamp = (): string => new Date().toISOString();

export function queueEntity(name: string, group: string, version = 1): Queue {
  return { id: randomUUID(), name, group, slaId: testSlaId, valid: true, version };
}

export async function createQueue(db: Writer, name: string, group: string): Promise<Queue> {
  const queue = queueEntity(name, group);
  await db.transaction(async (tx) => {
    await ensureTestSla(tx);
    await tx.query(insertSql(queueTable), storedValues(queueTable, queue));
    await appendChanges(tx, [{ entity: 'queue', op: 'upsert', id: queue.id, ticketId: null, group: null, data: queue }]);
  });
  return queue;
}

export function ticketEntity(queue: Queue, title: string): Ticket {
  ticketCounter += 1;
  const now = stamp();
  return {
    id: randomUUID(), number: `20260105${String(ticketCounter).padStart(6, '0')}`, title, queueId: queue.id,
    type: 'incident', state: 'new', priority: 3, locked: false, ownerId: null, responsibleId: null, customerUserId: null,
    institutionId: null, pendingUntil: null, slaId: null, ...clockFieldsOf(clocksAtCreation(continuousCalendar, sla, new Date(now))),
    createdAt: now, createdBy: 'feed-test', updatedAt: now, version: 1,
  };
}

export interface Bundle {
  ticket: Ticket;
  articles: Article[];
  history: HistoryEntry[];
}

const ticketChange = (ticket: Ticket, group: string, previousGroup?: string): NewChange => ({
  entity: 'ticket', op: 'upsert', id: ticket.id, ticketId: ticket.id, group, previousGroup: previousGroup ?? null, data: ticket,
});

async function writeTicketRow(tx: Queryable, ticket: Ticket, insert: boolean): Promise<void> {
  const values = storedValues(ticketTable, ticket);
  const columns = storedFields(ticketTable);
  await tx.query(
    insert
      ? insertSql(ticketTable)
      : `UPDATE tickets SET ${columns.map((column, index) => `${column.column} = $${String(index + 1)}${column.cast}`).join(', ')} WHERE id = $1`,
    values,
  );
}

async function writeHistory(tx: Queryable, ticket: Ticket, event: string): Promise<HistoryEntry> {
  const occurredAt = stamp();
  const result = await tx.query<{ id: string }>(
    `INSERT INTO ticket_history (ticket_id, event, actor_id, data, occurred_at) VALUES ($1, $2, 'feed-test', $3::jsonb, $4) RETURNING id::text`,
    [ticket.id, event, JSON.stringify({ title: ticket.title }), occurredAt],
  );
  return { id: result.rows[0]?.id ?? '', ticketId: ticket.id, event, actorId: 'feed-test', data: { title: ticket.title }, occurredAt };
}

async function writeArticle(tx: Queryable, ticket: Ticket, body: string): Promise<Article> {
  const now = stamp();
  const article: Article = {
    id: randomUUID(), ticketId: ticket.id, channel: 'phone', visibility: 'internal', sender: 'agent', authorId: 'feed-test',
    subject: `About ${ticket.title}`, body, timeUnits: 0, attachments: [], createdAt: now, performedAt: now, version: 1,
  };
  await tx.query(
    `INSERT INTO articles (id, ticket_id, channel, visibility, sender, author_id, subject, body, time_units, created_at, performed_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [article.id, article.ticketId, article.channel, article.visibility, article.sender, article.authorId, article.subject, article.body, article.timeUnits, article.createdAt, article.performedAt, article.version],
  );
  return article;
}

/** A ticket with a `created` history entry and `articles.length` articles of the given bodies. */
export async function createTicket(db: Writer, queue: Queue, title: string, bodies: readonly string[] = ['Call from the client']): Promise<Bundle> {
  const ticket = ticketEntity(queue, title);
  return db.transaction(async (tx) => {
    await writeTicketRow(tx, ticket, true);
    const history = [await writeHistory(tx, ticket, 'created')];
    const articles: Article[] = [];
    for (const body of bodies) articles.push(await writeArticle(tx, ticket, body));
    await appendChanges(tx, [ticketChange(ticket, queue.group), ...bundleChanges({ ticket, articles, history }, queue.group)]);
    return { ticket, articles, history };
  });
}

function bundleChanges(bundle: Bundle, group: string): NewChange[] {
  return [
    ...bundle.articles.map((article): NewChange => ({ entity: 'article', op: 'upsert', id: article.id, ticketId: article.ticketId, group, data: article })),
    ...bundle.history.map((entry): NewChange => ({ entity: 'history', op: 'upsert', id: entry.id, ticketId: entry.ticketId, group, data: entry })),
  ];
}

/** Changes a ticket's title in place (a new version, the same group). */
export async function retitle(db: Writer, bundle: Bundle, queue: Queue, title: string): Promise<Bundle> {
  const ticket = { ...bundle.ticket, title, version: bundle.ticket.version + 1, updatedAt: stamp() };
  await db.transaction(async (tx) => {
    await writeTicketRow(tx, ticket, false);
    await appendChanges(tx, [ticketChange(ticket, queue.group)]);
  });
  return { ...bundle, ticket };
}

/** Moves a ticket as the `move` mutation does: the ticket with its previous group, then the whole bundle again. */
export async function moveTicket(db: Writer, bundle: Bundle, from: Queue, to: Queue): Promise<Bundle> {
  const ticket = { ...bundle.ticket, queueId: to.id, version: bundle.ticket.version + 1, updatedAt: stamp() };
  return db.transaction(async (tx) => {
    await writeTicketRow(tx, ticket, false);
    const history = [...bundle.history, await writeHistory(tx, ticket, 'moved')];
    const moved = { ticket, articles: bundle.articles, history };
    await appendChanges(tx, [ticketChange(ticket, to.group, from.group), ...bundleChanges(moved, to.group)]);
    return moved;
  });
}

/** The sequencer numbers committed rows moments after they commit; a test reads after that. */
export async function waitForStamped(db: Queryable): Promise<number> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const result = await db.query<{ pending: string; top: string }>(
      'SELECT count(*) FILTER (WHERE seq IS NULL)::text AS pending, coalesce(max(seq), 0)::text AS top FROM change_log',
    );
    if (result.rows[0]?.pending === '0') return Number(result.rows[0].top);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('changes were not stamped within 5 seconds');
}
