import {
  agentDescription,
  articleDescription,
  calendarDescription,
  customerUserDescription,
  institutionDescription,
  slaDescription,
  historyEntryDescription,
  linkDescription,
  queueDescription,
  ticketDescription,
  timeEntryDescription,
} from '../../src-shared/sync/entities.js';
import { defineEntityTable } from './entity-table.js';

/**
 * Where each entity of the feed is stored. Only what differs from the description is written
 * here: renamed columns and fields read from elsewhere. Aliases are those the feed's SQL uses.
 */
export const queueTable = defineEntityTable({
  description: queueDescription,
  table: 'queues',
  alias: 'q',
  columns: { group: 'group_name' },
});

export const ticketTable = defineEntityTable({ description: ticketDescription, table: 'tickets', alias: 't' });

export const articleTable = defineEntityTable({
  description: articleDescription,
  table: 'articles',
  alias: 'a',
  expressions: {
    attachments: `coalesce((SELECT json_agg(json_build_object('id', x.id, 'filename', x.filename, 'contentType', x.content_type,
      'size', x.size, 'sha256', x.sha256) ORDER BY x.id) FROM attachments x WHERE x.article_id = a.id), '[]'::json)`,
  },
});

export const historyTable = defineEntityTable({ description: historyEntryDescription, table: 'ticket_history', alias: 'h' });

export const linkTable = defineEntityTable({ description: linkDescription, table: 'ticket_links', alias: 'l' });

export const timeEntryTable = defineEntityTable({ description: timeEntryDescription, table: 'time_entries', alias: 'e' });

export const institutionTable = defineEntityTable({ description: institutionDescription, table: 'institutions', alias: 'i' });

export const customerUserTable = defineEntityTable({ description: customerUserDescription, table: 'customer_users', alias: 'cu' });

/** Agents live in the sessions' table; the entity is what every Desk may know of them. */
export const agentTable = defineEntityTable({ description: agentDescription, table: 'agents', alias: 'ag' });

export const slaTable = defineEntityTable({ description: slaDescription, table: 'slas', alias: 's' });

export const calendarTable = defineEntityTable({ description: calendarDescription, table: 'calendars', alias: 'c' });
