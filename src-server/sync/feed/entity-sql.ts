import type { EntityName } from '../../../src-shared/sync/entities.js';
import type { SqlValue } from '../../db/database.js';
import type { Fields } from '../../../src-shared/sync/entity-fields.js';
import type { EntityTable } from '../../db/entity-table.js';
import {
  agentTable,
  articleTable,
  calendarTable,
  customerUserTable,
  historyTable,
  institutionTable,
  linkTable,
  queueTable,
  slaTable,
  ticketTable,
  timeEntryTable,
} from '../../db/entity-tables.js';
import { otherTicketKeys } from '../../domain/history.js';
import { feedJsonSql } from './entity-json.js';

/** Who receives an entity's rows: every agent, or agents who may read its ticket (a link: both). */
type Access = 'everyone' | 'ticket' | 'both-tickets';

interface EntitySource {
  table: EntityTable<Fields>;
  access: Access;
  /** Joins after the entity's table; `q` is the queue that decides who may read the row. */
  joins?: string;
  /** The JSON when the feed shows a field otherwise than it is stored. */
  json?: string;
}

/** `otherTicketKeys` in SQL: history data without the keys that name another ticket, as `feedHistoryData` does. */
function historyDataSql(alias: string): string {
  const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;
  const cases = Object.entries(otherTicketKeys).map(([event, keys]) => `WHEN ${quote(event)} THEN ${alias}.data - ARRAY[${keys.map(quote).join(', ')}]::text[]`);
  return `(CASE ${alias}.event ${cases.join(' ')} ELSE ${alias}.data END)`;
}

const ofTicket = (alias: string, column: string): string => `JOIN tickets t ON t.id = ${alias}.${column} JOIN queues q ON q.id = t.queue_id`;

/** Where each entity of the feed lives; a link reaches an agent who may read both of its tickets. */
const sources: Record<EntityName, EntitySource> = {
  queue: { table: queueTable, access: 'everyone' },
  institution: { table: institutionTable, access: 'everyone' },
  'customer-user': { table: customerUserTable, access: 'everyone' },
  agent: { table: agentTable, access: 'everyone' },
  sla: { table: slaTable, access: 'everyone' },
  calendar: { table: calendarTable, access: 'everyone' },
  ticket: { table: ticketTable, access: 'ticket', joins: 'JOIN queues q ON q.id = t.queue_id' },
  article: { table: articleTable, access: 'ticket', joins: ofTicket('a', 'ticket_id') },
  history: { table: historyTable, access: 'ticket', joins: ofTicket('h', 'ticket_id'), json: feedJsonSql(historyTable, { data: historyDataSql('h') }) },
  link: {
    table: linkTable,
    access: 'both-tickets',
    joins: `${ofTicket('l', 'source_ticket_id')} JOIN tickets target ON target.id = l.target_ticket_id JOIN queues target_queue ON target_queue.id = target.queue_id`,
  },
  'time-entry': { table: timeEntryTable, access: 'ticket', joins: ofTicket('e', 'ticket_id') },
};

/** Each entity's JSON in SQL, built once. */
const jsonOf = Object.fromEntries(Object.entries(sources).map(([entity, source]) => [entity, source.json ?? feedJsonSql(source.table)])) as Record<EntityName, string>;

/** The rows an agent reading `readable` receives, of those new to them in `scope`. */
function readableWhen(access: Access, readable: string, scope: string): string {
  // Only where the agent may read both tickets, and (in a scoped snapshot) one of them is new to them.
  if (access === 'both-tickets') {
    return `q.group_name = ANY(${readable}) AND target_queue.group_name = ANY(${readable})
       AND (q.group_name = ANY(${scope}) OR target_queue.group_name = ANY(${scope}))`;
  }
  return `q.group_name = ANY(${scope})`;
}

export interface SnapshotQuery {
  sql: string;
  params: SqlValue[];
}

/** How an entity's id is typed in PostgreSQL: keyset comparisons cast the cursor's text to it. */
type IdType = 'uuid' | 'bigint' | 'text';

/** The readable groups and, of those, the ones whose rows are new to the agent (all of them in a bootstrap). */
export interface SnapshotGroups {
  readable: readonly string[];
  scope: readonly string[];
}

/**
 * `FROM … WHERE …` of the rows of `entity` an agent receives: everything when `groups` is null
 * (queues, which every agent sees), otherwise rows of tickets in `groups.scope` that the agent
 * (reading `groups.readable`) may receive, after the id `after`. Parameters are added to `params`.
 */
function snapshotSource(entity: EntityName, groups: SnapshotGroups | null, after: string | null, params: SqlValue[]): { from: string; idColumn: string } {
  const source = sources[entity];
  const { alias } = source.table;
  const idColumn = `${alias}.id`;
  const idKind = source.table.description.fields['id']?.kind;
  const idType: IdType = idKind === 'serial' ? 'bigint' : idKind === 'uuid' ? 'uuid' : 'text';
  const where: string[] = [];
  if (groups !== null) {
    params.push(groups.scope);
    const scope = `$${params.length}::text[]`;
    // PostgreSQL refuses a parameter that the statement does not use: the readable groups only for links.
    let readable = '';
    if (source.access === 'both-tickets') {
      params.push(groups.readable);
      readable = `$${params.length}::text[]`;
    }
    where.push(`(${readableWhen(source.access, readable, scope)})`);
  }
  if (after !== null) {
    params.push(after);
    where.push(`${idColumn} > $${params.length}::${idType}`);
  }
  return { from: `FROM ${source.table.table} ${alias} ${source.joins ?? ''} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`, idColumn };
}

/**
 * One keyset page of an entity's current rows, in id order, each as `{id, data}` with the
 * entity's JSON (see `snapshotSource` for which rows).
 */
export function snapshotQuery(entity: EntityName, groups: SnapshotGroups | null, after: string | null, limit: number): SnapshotQuery {
  const params: SqlValue[] = [];
  const { from, idColumn } = snapshotSource(entity, groups, after, params);
  params.push(limit);
  return { sql: `SELECT ${idColumn}::text AS id, ${jsonOf[entity]}::text AS data ${from} ORDER BY ${idColumn} LIMIT $${params.length}`, params };
}

/** A row of `snapshotChunkQuery`: one change as the feed sends it. */
export interface SnapshotChunkRow {
  /** The entity's id, for the keyset. */
  id: string;
  /** `{"seq":…,"entity":…,"op":"upsert","id":…,"data":…}` */
  change: string;
  /** Bytes of `change` and the comma after it, as `ChangesPage` counts them. */
  bytes: number;
}

/**
 * Up to `count` rows after `after` in id order, each already written as the feed change it
 * becomes (`seq` = the pin) with its size, cut once they pass `bytesLeft`: the row that passes
 * it is the last one sent, as `ChangesPage.isFull` has it. The running size follows the
 * keyset's order, so PostgreSQL still hands the rows on as it builds them (the server takes
 * the first while the last are being built; one text value of the whole chunk would wait for
 * all of them and took a quarter longer) and sends none the page has no room for.
 */
export function snapshotChunkQuery(
  entity: EntityName,
  groups: SnapshotGroups | null,
  after: string | null,
  chunk: { pin: number; count: number; bytesLeft: number },
): SnapshotQuery {
  const params: SqlValue[] = [chunk.pin, entity];
  const { from, idColumn } = snapshotSource(entity, groups, after, params);
  params.push(chunk.count);
  const count = `$${params.length}`;
  params.push(chunk.bytesLeft);
  const bytesLeft = `$${params.length}`;
  const change = `'{"seq":' || $1::bigint || ',"entity":' || to_json($2::text) || ',"op":"upsert","id":' || to_json(${idColumn}::text) || ',"data":' || ${jsonOf[entity]}::text || '}'`;
  return {
    sql: `SELECT key::text AS id, change, bytes
          FROM (SELECT key, change, octet_length(change) + 1 AS bytes, sum(octet_length(change) + 1) OVER (ORDER BY key ROWS UNBOUNDED PRECEDING) AS running
                FROM (SELECT ${idColumn} AS key, ${change} AS change ${from} ORDER BY ${idColumn} LIMIT ${count}) read) sized
          WHERE running - bytes < ${bytesLeft}
          ORDER BY key`,
    params,
  };
}

/** How many rows of these entities (each after its `after`) the agent receives now (see `snapshotSource`), in one statement. */
export function snapshotCountQuery(entities: readonly { entity: EntityName; groups: SnapshotGroups | null; after: string | null }[]): SnapshotQuery {
  const params: SqlValue[] = [];
  const counts = entities.map(({ entity, groups, after }) => `(SELECT count(*) ${snapshotSource(entity, groups, after, params).from})`);
  return { sql: `SELECT (${counts.length > 0 ? counts.join(' + ') : '0'})::text AS total`, params };
}

/** Whether every agent sees this entity whole, whatever their groups. */
export function isPublicEntity(entity: EntityName): boolean {
  return sources[entity].access === 'everyone';
}
