import type { EntityName } from '../../../src-shared/sync/entities.js';
import type { SqlValue } from '../../db/database.js';
import { otherTicketKeys } from '../../domain/history.js';

/** ISO 8601 in UTC with milliseconds, exactly as `Date.prototype.toISOString` writes it. */
function iso(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** SQL parameters of a snapshot query: the agent's readable groups and the groups this snapshot serves. */
interface Access {
  readable: string;
  scope: string;
}

interface EntitySource {
  /** FROM clause; `q` is the queue that decides who may read the row. */
  from: string;
  /** Who receives a row; by default the rows of tickets in the groups served. */
  readableWhen?: (access: Access) => string;
  id: string;
  idType: 'uuid' | 'bigint';
  /** The entity as `src-shared/sync/entities.ts` describes it, built in SQL so that it leaves as text. */
  json: string;
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
  queue: {
    from: 'queues q',
    id: 'q.id',
    idType: 'uuid',
    json: `json_build_object('id', q.id, 'name', q.name, 'group', q.group_name, 'sla', q.sla, 'valid', q.valid, 'version', q.version)`,
  },
  ticket: {
    from: 'tickets t JOIN queues q ON q.id = t.queue_id',
    id: 't.id',
    idType: 'uuid',
    json: `json_build_object('id', t.id, 'number', t.number, 'title', t.title, 'queueId', t.queue_id, 'type', t.type,
      'state', t.state, 'priority', t.priority, 'locked', t.locked, 'ownerId', t.owner_id, 'responsibleId', t.responsible_id,
      'customerUserId', t.customer_user_id, 'institutionId', t.institution_id, 'pendingUntil', ${iso('t.pending_until')},
      'firstResponseDue', ${iso('t.first_response_due')}, 'updateDue', ${iso('t.update_due')},
      'solutionDue', ${iso('t.solution_due')}, 'createdAt', ${iso('t.created_at')}, 'createdBy', t.created_by,
      'updatedAt', ${iso('t.updated_at')}, 'version', t.version)`,
  },
  article: {
    from: `articles a ${ofTicket('a', 'ticket_id')}`,
    id: 'a.id',
    idType: 'uuid',
    json: `json_build_object('id', a.id, 'ticketId', a.ticket_id, 'channel', a.channel, 'visibility', a.visibility,
      'sender', a.sender, 'authorId', a.author_id, 'subject', a.subject, 'body', a.body, 'timeUnits', a.time_units,
      'attachments', coalesce((SELECT json_agg(json_build_object('id', x.id, 'filename', x.filename, 'contentType', x.content_type,
        'size', x.size, 'sha256', x.sha256) ORDER BY x.id) FROM attachments x WHERE x.article_id = a.id), '[]'::json),
      'createdAt', ${iso('a.created_at')}, 'performedAt', ${iso('a.performed_at')}, 'version', a.version)`,
  },
  history: {
    from: `ticket_history h ${ofTicket('h', 'ticket_id')}`,
    id: 'h.id',
    idType: 'bigint',
    json: `json_build_object('id', h.id::text, 'ticketId', h.ticket_id, 'event', h.event, 'actorId', h.actor_id,
      'data', ${historyDataSql('h')}, 'occurredAt', ${iso('h.occurred_at')})`,
  },
  link: {
    from: `ticket_links l ${ofTicket('l', 'source_ticket_id')}
      JOIN tickets target ON target.id = l.target_ticket_id JOIN queues target_queue ON target_queue.id = target.queue_id`,
    // Only where the agent may read both tickets, and (in a scoped snapshot) one of them is new to them.
    readableWhen: ({ readable, scope }) =>
      `q.group_name = ANY(${readable}) AND target_queue.group_name = ANY(${readable})
       AND (q.group_name = ANY(${scope}) OR target_queue.group_name = ANY(${scope}))`,
    id: 'l.id',
    idType: 'uuid',
    json: `json_build_object('id', l.id, 'sourceTicketId', l.source_ticket_id, 'targetTicketId', l.target_ticket_id,
      'kind', l.kind, 'createdBy', l.created_by, 'createdAt', ${iso('l.created_at')})`,
  },
  'time-entry': {
    from: `time_entries e ${ofTicket('e', 'ticket_id')}`,
    id: 'e.id',
    idType: 'uuid',
    json: `json_build_object('id', e.id, 'ticketId', e.ticket_id, 'agentId', e.agent_id, 'minutes', e.minutes, 'note', e.note,
      'createdAt', ${iso('e.created_at')}, 'performedAt', ${iso('e.performed_at')})`,
  },
};

export interface SnapshotQuery {
  sql: string;
  params: SqlValue[];
}

/**
 * One keyset page of an entity's current rows, in id order: everything when `groups` is null
 * (queues, which every agent sees), otherwise rows of tickets in `groups.scope` that the agent
 * (reading `groups.readable`) may receive.
 */
export function snapshotQuery(
  entity: EntityName,
  groups: { readable: readonly string[]; scope: readonly string[] } | null,
  after: string | null,
  limit: number,
): SnapshotQuery {
  const source = sources[entity];
  const params: SqlValue[] = [];
  const where: string[] = [];
  if (groups !== null) {
    params.push(groups.scope);
    const scope = `$${params.length}::text[]`;
    // PostgreSQL refuses a parameter that the statement does not use: the readable groups only for links.
    if (source.readableWhen) params.push(groups.readable);
    where.push(source.readableWhen ? `(${source.readableWhen({ readable: `$${params.length}::text[]`, scope })})` : `q.group_name = ANY(${scope})`);
  }
  if (after !== null) {
    params.push(after);
    where.push(`${source.id} > $${params.length}::${source.idType}`);
  }
  params.push(limit);
  return {
    sql: `SELECT ${source.id}::text AS id, ${source.json}::text AS data FROM ${source.from}
          ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${source.id} LIMIT $${params.length}`,
    params,
  };
}

/** Whether every agent sees this entity whole, whatever their groups. */
export function isPublicEntity(entity: EntityName): boolean {
  return entity === 'queue';
}
