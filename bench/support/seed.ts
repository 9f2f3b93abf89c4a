import type { Database } from '../../src-server/db/database.js';
import { snapshotQuery } from '../../src-server/sync/feed/entity-sql.js';
import type { EntityName } from '../../src-shared/sync/entities.js';

export interface SeedSize {
  tickets: number;
  articlesPerTicket: number;
}

/** About 1 KB of article text, as ARCHITECTURE.md's scale assumes. */
const articleBody = 'Sehr geehrte Damen und Herren, die Wertpapierabwicklung meldet eine offene Position. '.repeat(12);

/** Milliseconds between two seeded tickets: room for the articles of one (at most this many per ticket). */
const msPerTicket = 64;

/**
 * A UUIDv7 (RFC 9562) for the Unix milliseconds `ms` in SQL (PostgreSQL 15 has no uuidv7()): the
 * time as the first 48 bits, the version, then the random part of a v4. Kontor's ids are of this
 * kind (clients make them, src-shared/time-ordered-id.ts), so a seed with random v4 ids would
 * measure a bank whose rows lie in another order on disk than Kontor's own.
 */
function timeOrderedIdSql(ms: string): string {
  const hex = `lpad(to_hex(${ms}), 12, '0')`;
  return `(substr(${hex}, 1, 8) || '-' || substr(${hex}, 9, 4) || '-7' || substr(gen_random_uuid()::text, 16))::uuid`;
}

/**
 * Bulk-loads tickets (spread over every queue), their articles and a history entry each, and a
 * stamped change row for every one of them carrying the entity exactly as the feed serves it:
 * as if the server had written them one mutation at a time. One transaction; numbers are taken
 * in it, so they become visible at once, as a stamping transaction's do. Ticket numbers use
 * dates far from today, so that they never meet the numbers the server gives.
 */
export async function seedTickets(db: Database, size: SeedSize, label: string): Promise<void> {
  if (size.articlesPerTicket >= msPerTicket) throw new Error(`--articles: at most ${String(msPerTicket - 1)} per ticket`);
  await db.transaction(async (tx) => {
    // Ticket i was made `msPerTicket` after ticket i - 1, its articles in the milliseconds after it, up to now.
    await tx.query(
      `CREATE TEMP TABLE seed_tickets ON COMMIT DROP AS
       SELECT ${timeOrderedIdSql('start.ms + i * $2::bigint')} AS id, start.ms + i * $2::bigint AS ms, i
       FROM generate_series(1, $1::int) AS i CROSS JOIN (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint - ($1::bigint + 1) * $2::bigint AS ms) start`,
      [size.tickets, msPerTicket],
    );
    await tx.query(
      `INSERT INTO tickets (id, number, title, queue_id, type, state, priority, owner_id, customer_user_id, created_at, created_by, updated_at, first_response_due, update_due, solution_due)
       SELECT s.id,
              to_char(date '2001-01-01' + (seed_day.n + s.i / 500000)::int, 'YYYYMMDD') || lpad((s.i % 500000)::text, 6, '0'),
              $1 || ' ticket ' || s.i, q.id, 'incident', (ARRAY['new', 'open', 'pending-reminder', 'closed-successful'])[1 + s.i % 4], 1 + s.i % 5,
              NULL, NULL, now() - interval '1 day', 'seed', now(), now() + interval '1 hour', now() + interval '4 hours', now() + interval '2 days'
       FROM seed_tickets s
       CROSS JOIN (SELECT count(*) AS n FROM tickets) seed_day
       JOIN LATERAL (SELECT id FROM queues ORDER BY name OFFSET (s.i % (SELECT count(*) FROM queues)) LIMIT 1) q ON true`,
      [label],
    );
    await tx.query(
      `INSERT INTO articles (id, ticket_id, channel, visibility, sender, author_id, subject, body, created_at, performed_at)
       SELECT ${timeOrderedIdSql('s.ms + k')}, s.id, 'email', 'customer-visible', 'customer', NULL, 'Anfrage ' || k, $2, now(), now()
       FROM seed_tickets s CROSS JOIN generate_series(1, $1::int) AS k`,
      [size.articlesPerTicket, articleBody],
    );
    await tx.query(`INSERT INTO ticket_history (ticket_id, event, actor_id, data, occurred_at) SELECT id, 'created', 'seed', '{}'::jsonb, now() FROM seed_tickets`);
    for (const entity of ['ticket', 'article', 'history'] as const) await appendSeedChanges(tx, entity);
    await tx.query('ANALYZE');
  });
}

/** Change rows for the seeded rows of `entity`, with the entity JSON the feed's snapshot builds. */
async function appendSeedChanges(tx: Pick<Database, 'query'>, entity: Extract<EntityName, 'ticket' | 'article' | 'history'>): Promise<void> {
  const snapshot = snapshotQuery(entity, null, null, 2_000_000_000);
  const ticketColumn = { ticket: 'id', article: 'ticket_id', history: 'ticket_id' }[entity];
  const table = { ticket: 'tickets', article: 'articles', history: 'ticket_history' }[entity];
  await tx.query(
    `INSERT INTO change_log (seq, entity, op, entity_id, ticket_id, group_name, data)
     SELECT nextval('change_log_seq'), $${snapshot.params.length + 1}, 'upsert', e.id, r.${ticketColumn}, q.group_name, e.data::jsonb
     FROM (${snapshot.sql}) e
     JOIN ${table} r ON r.id::text = e.id
     JOIN tickets t ON t.id = r.${ticketColumn}
     JOIN seed_tickets s ON s.id = t.id
     JOIN queues q ON q.id = t.queue_id
     ORDER BY e.id`,
    [...snapshot.params, entity],
  );
}
