import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../../src-server/db/database.js';
import { appendChanges, type NewChange } from '../../../src-server/sync/change-log.js';
import { Sequencer, stampPendingChanges } from '../../../src-server/sync/sequencer.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { queueEntity, ticketEntity } from './support/domain.js';
import { pullAll, pullPage, signIn } from './support/feed-client.js';
import { seededRandom, sleep, WriterConnection } from './support/writers.js';

const writerCount = 8;
const transactionsPerWriter = 40;
/** Rows a reader of these groups may see: queues (no group) and tickets of its groups. */
const readers = [
  { username: 'sobrien', groups: ['custody'], limit: 3 },
  { username: 'sobrien', groups: ['custody'], limit: 1000 },
  { username: 'hmeier', groups: ['tax'], limit: 7 },
  { username: 'mmueller', groups: ['serviceline', 'settlement'], limit: 20 },
] as const;
const writtenGroups = [null, 'custody', 'tax', 'settlement'] as const;
const fakeQueue = queueEntity('Test::Anything', 'nobody');

function randomChange(random: () => number): NewChange {
  const group = writtenGroups[Math.floor(random() * writtenGroups.length)] ?? null;
  if (group === null) {
    const queue = queueEntity(`Test::${String(random()).slice(2, 10)}`, 'tax');
    return { entity: 'queue', op: 'upsert', id: queue.id, ticketId: null, group: null, data: queue };
  }
  const ticket = ticketEntity(fakeQueue, `Written for ${group}`);
  return { entity: 'ticket', op: 'upsert', id: ticket.id, ticketId: ticket.id, group, data: ticket };
}

interface LoggedRow {
  seq: number;
  id: string;
  entity_id: string;
  group_name: string | null;
}

async function loggedRows(db: Database): Promise<LoggedRow[]> {
  const result = await db.query<{ seq: string; id: string; entity_id: string; group_name: string | null }>(
    'SELECT seq::text, id::text, entity_id, group_name FROM change_log WHERE seq IS NOT NULL ORDER BY change_log.seq',
  );
  return result.rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

describe('the change feed never skips a change committed late (PostgreSQL)', () => {
  let running: ServerOnTestDatabase;
  let db: Database;
  const instances: { db: Database; sequencer: Sequencer }[] = [];
  const sequencerErrors: unknown[] = [];

  beforeAll(async () => {
    running = await startServerOnFreshDatabase();
    db = openPostgres(running.database.url, { max: 4 });
    // Two more instances on the same database, each with its own sequencer (the server runs a third).
    for (let index = 0; index < 2; index += 1) {
      const instanceDb = openPostgres(running.database.url, { max: 2 });
      const sequencer = new Sequencer(instanceDb, (error) => sequencerErrors.push(error));
      await sequencer.start();
      instances.push({ db: instanceDb, sequencer });
    }
  });
  afterAll(async () => {
    for (const instance of instances) {
      await instance.sequencer.stop();
      await instance.db.close();
    }
    await db.close();
    await running.close();
  });

  it('numbers from a sequence without a per-session cache', async () => {
    // A cached block per session would hand a later stamping a lower number than an earlier one.
    const sequence = await db.query<{ cache_size: string }>("SELECT cache_size::text FROM pg_sequences WHERE sequencename = 'change_log_seq'");
    expect(sequence.rows).toEqual([{ cache_size: '1' }]);
  });

  it('gets a change to a reader that already passed a change committed before it', async () => {
    const token = await signIn(running.url, 'sobrien');
    const start = await pullAll(running.url, token);
    const [first, second] = [await WriterConnection.open(running.database.url), await WriterConnection.open(running.database.url)];
    try {
      const early = randomTicketChange('custody');
      const late = randomTicketChange('custody');
      await first.begin();
      const [earlyRow] = await appendChanges(first.tx, [early]);
      await second.begin();
      const [lateRow] = await appendChanges(second.tx, [late]);
      await second.commit();
      await stampPendingChanges(db);
      const beforeCommit = await pullAll(running.url, token, start.cursor);
      expect(beforeCommit.changes.map((change) => change.id)).toEqual([late.id]);

      await first.commit();
      await stampPendingChanges(db);
      const afterCommit = await pullAll(running.url, token, beforeCommit.cursor);
      expect(afterCommit.changes.map((change) => change.id)).toEqual([early.id]);
      // The row written first was numbered after the one committed first: numbers follow commits.
      expect(Number(earlyRow)).toBeLessThan(Number(lateRow));
      expect(afterCommit.changes[0]?.seq).toBeGreaterThan(beforeCommit.changes[0]?.seq ?? Infinity);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('delivers every change exactly once and in order to every reader, with 8 writers committing at random', async () => {
    const seed = Date.now() % 1_000_000;
    const context = `seed ${seed}`;
    const tokens = await Promise.all(readers.map((reader) => signIn(running.url, reader.username)));
    const starts = await Promise.all(tokens.map((token) => pullAll(running.url, token)));
    const before = (await loggedRows(db)).at(-1)?.seq ?? 0;

    let writersDone = false;
    const readerRuns = readers.map(async (reader, index) => {
      const seen: Change[] = [];
      let cursor = starts[index]?.cursor ?? '';
      for (;;) {
        const finalRound = writersDone;
        const page = await pullPage(running.url, tokens[index] ?? '', cursor, reader.limit);
        seen.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) {
          if (finalRound) return seen;
          await sleep(3);
        }
      }
    });

    const writers = await Promise.all(Array.from({ length: writerCount }, () => WriterConnection.open(running.database.url)));
    try {
      await Promise.all(
        writers.map(async (writer, index) => {
          const random = seededRandom(seed * 31 + index);
          for (let round = 0; round < transactionsPerWriter; round += 1) {
            await writer.begin();
            await sleep(random() * 10);
            const changes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomChange(random));
            await appendChanges(writer.tx, changes);
            // The commit delay is what lets a later writer commit first.
            await sleep(random() * 50);
            await writer.commit();
          }
        }),
      );
    } finally {
      await Promise.all(writers.map((writer) => writer.close()));
    }
    await stampPendingChanges(db);
    const pending = await db.query<{ count: string }>('SELECT count(*)::text AS count FROM change_log WHERE seq IS NULL');
    expect(pending.rows[0]?.count).toBe('0');
    writersDone = true;
    const seenByReader = await Promise.all(readerRuns);

    const logged = (await loggedRows(db)).filter((row) => row.seq > before);
    expect(logged.length, context).toBeGreaterThanOrEqual(writerCount * transactionsPerWriter);
    // The run did produce the hazard: rows inserted earlier were committed (so numbered) later.
    const inverted = logged.filter((row, index) => logged.slice(index + 1).some((later) => Number(later.id) < Number(row.id)));
    expect(inverted.length, context).toBeGreaterThan(0);

    readers.forEach((reader, index) => {
      const groups: readonly (string | null)[] = [null, ...reader.groups];
      const expected = logged.filter((row) => groups.includes(row.group_name)).map((row) => [row.seq, row.entity_id]);
      const seen = seenByReader[index] ?? [];
      expect(seen.map((change) => [change.seq, change.id]), `${reader.username} (limit ${reader.limit}), ${context}`).toEqual(expected);
      expect(seen.every((change, at) => at === 0 || change.seq > (seen[at - 1]?.seq ?? 0))).toBe(true);
    });
    expect(sequencerErrors).toEqual([]);
  });
});

function randomTicketChange(group: string): NewChange {
  const ticket = ticketEntity(fakeQueue, `Written for ${group}`);
  return { entity: 'ticket', op: 'upsert', id: ticket.id, ticketId: ticket.id, group, data: ticket };
}
