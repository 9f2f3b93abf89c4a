import { nameBasedUuid } from '../../src-shared/node/name-based-id.js';
import { queueSchema, type Queue } from '../../src-shared/sync/entities.js';
import type { ServerConfig } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { loadQueues, queueConfigLockKey } from '../domain/queues.js';
import { ticketBundleChanges } from '../domain/ticket-bundle.js';
import { ticketColumns, ticketFromRow, type TicketRow } from '../domain/ticket-record.js';
import { recomputeOpenTickets } from '../domain/sla-recompute.js';
import { insertSql, storedValues } from '../db/entity-table.js';
import { queueTable } from '../db/entity-tables.js';
import { applySlaConfig, slaIdOfQueueConfig } from './apply-slas.js';
import { appendChanges, type NewChange } from '../sync/change-log.js';
import { ungrantedQueueGroups, type QueueConfig } from './queues.js';

/** What applying the queue list changed; `apply-config` prints it, the server logs it at start. */
export interface QueueConfigReport {
  created: string[];
  updated: { name: string; fields: string[] }[];
  /** Queues in the database but no longer in the list: kept (tickets refer to them), made invalid. */
  invalidated: string[];
  unchanged: string[];
  /** Tickets sent to the feed again because their queue now belongs to another group. */
  ticketsResent: number;
  /** Open tickets whose clocks were recomputed because their calendar or SLA changed. */
  ticketsRecomputed: number;
  /** Calendars and SLAs created, updated or made invalid. */
  slas: string[];
  warnings: string[];
}

/** The same queue name gets the same id in every database. */
export function queueIdFor(name: string): string {
  return nameBasedUuid(`kontor-queue:${name}`);
}

function changedFields(current: Queue, wanted: QueueConfig, slaId: string, changedSlaIds: readonly string[]): string[] {
  const fields: string[] = [];
  if (current.group !== wanted.group) fields.push('group');
  if (current.slaId !== slaId || changedSlaIds.includes(slaId)) fields.push('sla');
  if (current.valid !== wanted.valid) fields.push('valid');
  return fields;
}

const queueChange = (queue: Queue): NewChange => ({ entity: 'queue', op: 'upsert', id: queue.id, ticketId: null, group: null, data: queue });

/**
 * Makes the queues in the database match the list: upsert by name (a new queue gets the
 * name-based id, an existing one keeps its id), the version bumped and a `queue` change
 * appended only when something changed; queues missing from the list become invalid, never
 * deleted. Idempotent: a second run changes nothing.
 */
export async function applyQueueConfig(
  db: Database,
  config: Pick<ServerConfig, 'roles' | 'calendars' | 'slas'> & { queues: readonly QueueConfig[] },
  now: Date = new Date(),
): Promise<QueueConfigReport> {
  const { queues, roles } = config;
  const report: QueueConfigReport = { created: [], updated: [], invalidated: [], unchanged: [], ticketsResent: 0, ticketsRecomputed: 0, slas: [], warnings: [] };
  for (const group of ungrantedQueueGroups(queues, roles)) {
    report.warnings.push(`queue group "${group}" is not granted by any role: no agent will see the tickets of its queues`);
  }
  await db.transaction(async (tx) => {
    // Exclusive: waits for running mutations, holds new ones and other instances applying.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [queueConfigLockKey]);
    const slaReport = await applySlaConfig(tx, { calendars: config.calendars, slas: config.slas, queues }, now);
    report.slas.push(...slaReport.created.map((name) => `created: ${name}`), ...slaReport.updated.map((name) => `updated: ${name}`), ...slaReport.invalidated.map((name) => `no longer configured, now invalid: ${name}`));
    const existing = new Map((await loadQueues(tx)).map((queue) => [queue.name, queue]));
    const changes: NewChange[] = [...slaReport.changes];
    // Queues whose SLA is another one now: their tickets without an SLA of their own count with the new one.
    const recomputeSlas = new Set(slaReport.changedSlaIds);
    const write = async (queue: Queue, previous: Queue | undefined): Promise<void> => {
      await tx.query(
        `${insertSql(queueTable)} ON CONFLICT (id) DO UPDATE SET group_name = excluded.group_name, sla_id = excluded.sla_id, valid = excluded.valid, version = excluded.version`,
        storedValues(queueTable, queue),
      );
      if (previous && previous.slaId !== queue.slaId) recomputeSlas.add(queue.slaId);
      changes.push(queueChange(queue));
      if (previous && previous.group !== queue.group) {
        const resent = await resendTicketsOfQueue(tx, queue.id, previous.group);
        report.ticketsResent += resent.tickets;
        changes.push(...resent.changes);
      }
    };
    for (const wanted of queues) {
      const current = existing.get(wanted.name);
      const slaId = await slaIdOfQueueConfig(tx, wanted);
      if (!current) {
        await write(queueSchema.parse({ id: queueIdFor(wanted.name), name: wanted.name, group: wanted.group, slaId, valid: wanted.valid, version: 1 }), undefined);
        report.created.push(wanted.name);
        continue;
      }
      const fields = changedFields(current, wanted, slaId, slaReport.changedSlaIds);
      if (fields.length === 0) {
        report.unchanged.push(wanted.name);
        continue;
      }
      await write(queueSchema.parse({ ...current, group: wanted.group, slaId, valid: wanted.valid, version: current.version + 1 }), current);
      report.updated.push({ name: wanted.name, fields });
    }
    const listed = new Set(queues.map((queue) => queue.name));
    for (const current of existing.values()) {
      if (listed.has(current.name) || !current.valid) continue;
      await write({ ...current, valid: false, version: current.version + 1 }, current);
      report.invalidated.push(current.name);
    }
    await appendChanges(tx, changes);
    // After the queues' new SLA ids are written: the recompute reads the SLA in force from them.
    report.ticketsRecomputed = await recomputeOpenTickets(tx, [...recomputeSlas], now);
  });
  return report;
}

/**
 * A queue given to another group moves its tickets there: each is sent whole in the new group,
 * with the old group named so that agents who lose it get a remove. No mutation runs meanwhile
 * (the config lock).
 */
async function resendTicketsOfQueue(tx: Queryable, queueId: string, previousGroup: string): Promise<{ tickets: number; changes: NewChange[] }> {
  const rows = await tx.query<TicketRow>(`SELECT ${ticketColumns} FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE t.queue_id = $1 ORDER BY t.id`, [queueId]);
  const changes: NewChange[] = [];
  for (const row of rows.rows) changes.push(...(await ticketBundleChanges(tx, ticketFromRow(row), previousGroup)));
  return { tickets: rows.rows.length, changes };
}

/** Applies the config's queue list, if it has one; null when the config leaves the queues alone. */
export async function applyConfiguredQueues(db: Database, config: ServerConfig): Promise<QueueConfigReport | null> {
  return config.queues === undefined ? null : applyQueueConfig(db, { ...config, queues: config.queues });
}

/** The report as lines for people. */
export function describeQueueReport(report: QueueConfigReport | null): string[] {
  if (report === null) return ['queues: the config has no "queues" section; the queues in the database were left as they are'];
  const lines = [
    ...report.created.map((name) => `queue created: ${name}`),
    ...report.updated.map(({ name, fields }) => `queue updated: ${name} (${fields.join(', ')})`),
    ...report.invalidated.map((name) => `queue no longer listed, now invalid: ${name}`),
  ];
  lines.unshift(...report.slas);
  if (report.ticketsResent > 0) lines.push(`tickets sent again to their new group: ${report.ticketsResent}`);
  if (report.ticketsRecomputed > 0) lines.push(`open tickets whose SLA clocks were recomputed: ${report.ticketsRecomputed}`);
  if (lines.length === 0) lines.push(`queues: nothing changed (${report.unchanged.length} unchanged)`);
  return lines;
}

/** At server start: applies the config's queues and logs what changed and any warning. */
export async function applyQueuesAtStart(db: Database, config: ServerConfig, log: { info(message: string): void; warn(message: string): void }): Promise<void> {
  const report = await applyConfiguredQueues(db, config);
  for (const warning of report?.warnings ?? []) log.warn(warning);
  for (const line of describeQueueReport(report)) log.info(line);
}
