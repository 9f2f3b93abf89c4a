import { performance } from 'node:perf_hooks';
import { nameBasedUuid } from '../../src-shared/node/name-based-id.js';
import { generateTicketScripts, type Bank } from '../../src-shared/node/bank/index.js';
import { applyQueueConfig } from '../config/apply-config.js';
import type { Database } from '../db/database.js';
import { slaOfQueue, type TicketSla } from '../domain/slas.js';
import { bankServerSections } from './bank-config.js';
import { BulkWriter } from './bulk-writer.js';
import type { SeedSink } from './seed-rows.js';
import { inTimeOrder } from './timeline.js';
import { TicketReplay, type ReplayWorld } from './ticket-replay.js';

export interface SeedOptions {
  tickets: number;
  /** The seed's period: tickets are opened from `from` on, nothing happens at or after `to`. */
  from: Date;
  to: Date;
}

export interface SeedReport {
  tickets: number;
  articles: number;
  attachments: number;
  history: number;
  links: number;
  timeEntries: number;
  seconds: number;
}

/** A closed ticket stays in memory this long after its last step: a duplicate may still be merged into it, or a ticket linked to it. */
const keepAfterLastStepMs = 30 * 86_400_000;

/** The replay's view of the bank and of the queues' SLAs as the database has them. */
export async function replayWorld(db: Database, bank: Bank): Promise<ReplayWorld> {
  const agents = new Map(bank.agents.map((agent) => [agent.key, agent.id]));
  const institutions = new Map(bank.institutions.map((institution) => [institution.key, institution.id]));
  const customers = new Map(bank.customers.map((customer) => [customer.id, institutions.get(customer.institutionKey) ?? null]));
  const queues = new Map<string, { group: string; sla: TicketSla }>();
  for (const queue of bank.queues) {
    const known = await db.query('SELECT 1 FROM queues WHERE id = $1 AND valid', [queue.id]);
    if (known.rows.length === 0) throw new Error(`the bank's queue ${queue.name} is not configured: the seed needs the bank's queues, SLAs and calendars`);
    queues.set(queue.id, { group: queue.group, sla: await slaOfQueue(db, queue.id) });
  }
  return {
    agentId(key) {
      const id = agents.get(key);
      if (id === undefined) throw new Error(`no agent ${key} in the bank`);
      return id;
    },
    customer(id) {
      if (!customers.has(id)) throw new Error(`no customer user ${id} in the bank`);
      return { institutionId: customers.get(id) ?? null };
    },
    queue(id) {
      const queue = queues.get(id);
      if (!queue) throw new Error(`no queue ${id} in the bank`);
      return queue;
    },
    mergeLinkId: (sourceTicketId) => nameBasedUuid(`kontor-seed:${bank.seed}:merge:${sourceTicketId}`),
  };
}

/**
 * Replays the bank's scripts in time order into `sink` (`afterStep` runs after each step: the
 * writer flushes there). Returns the last ticket number counter of every day.
 */
export async function replayBank(
  world: ReplayWorld,
  bank: Bank,
  options: SeedOptions,
  sink: SeedSink,
  afterStep: () => Promise<void> = () => Promise.resolve(),
): Promise<Map<string, number>> {
  const replay = new TicketReplay(world, sink);
  const retiring: { ticketId: string; at: number }[] = [];
  for (const { step, script, last } of inTimeOrder(generateTicketScripts(bank, { seed: bank.seed, ...options }))) {
    // Tickets whose lives ended long enough ago are written out, escalated up to then.
    while (retiring.length > 0 && (retiring[0]?.at ?? Infinity) < step.at.getTime()) {
      const retired = retiring.shift();
      if (retired) replay.release(retired.ticketId, new Date(retired.at));
    }
    replay.apply(step);
    if (last) retiring.push({ ticketId: script.ticketId.toLowerCase(), at: step.at.getTime() + keepAfterLastStepMs });
    await afterStep();
  }
  // The rest are escalated up to the end of the period: the server's timer goes on from there.
  for (const retired of retiring) replay.release(retired.ticketId, new Date(Math.min(retired.at, options.to.getTime())));
  replay.finish(options.to);
  return replay.dayCounters();
}

/**
 * Seeds an empty database with the bank: its calendars, SLAs and queues applied as the server
 * applies a configuration, then a period of tickets replayed with the server's rules and written
 * in bulk, in one transaction. The directory's people arrive by the directory sync.
 */
export async function seedBank(db: Database, bank: Bank, options: SeedOptions, { applyConfig = true }: { applyConfig?: boolean } = {}): Promise<SeedReport> {
  const started = performance.now();
  const existing = await db.query<{ count: string }>('SELECT count(*)::text AS count FROM tickets');
  if (existing.rows[0]?.count !== '0') throw new Error('the database has tickets already: a seed goes into an empty database only');
  // A server seeding its own embedded bank has applied these sections from its configuration already.
  if (applyConfig) await applyQueueConfig(db, bankServerSections(), options.to);
  const world = await replayWorld(db, bank);
  const counts = await db.transaction(async (tx) => {
    const writer = new BulkWriter(tx);
    const counters = await replayBank(world, bank, options, writer, async () => {
      if (writer.shouldFlush) await writer.flush();
    });
    await writer.finish();
    for (const [day, value] of counters) {
      await tx.query('INSERT INTO ticket_number_counters (day, last_value) VALUES ($1, $2) ON CONFLICT (day) DO UPDATE SET last_value = excluded.last_value', [day, value]);
    }
    return writer.counts;
  });
  await db.query('ANALYZE');
  return { ...counts, seconds: (performance.now() - started) / 1000 };
}
