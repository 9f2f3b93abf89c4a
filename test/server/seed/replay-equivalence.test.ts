import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankDirectoryLdif, generateBank, generateTicketScripts, type Bank } from '../../../src-shared/node/bank/index.js';
import { buildDemoDirectory } from '../../../src-shared/node/demo-directory.js';
import type { Article, HistoryEntry, Link, Ticket, TimeEntry } from '../../../src-shared/sync/entities.js';
import type { Database } from '../../../src-server/db/database.js';
import { entityFromRow, selectList } from '../../../src-server/db/entity-table.js';
import { articleTable, historyTable, linkTable, ticketTable, timeEntryTable } from '../../../src-server/db/entity-tables.js';
import type { TicketRecord } from '../../../src-server/domain/ticket-record.js';
import { bankServerConfigJson } from '../../../src-server/seed/bank-config.js';
import { replayBank, replayWorld } from '../../../src-server/seed/seed-bank.js';
import type { SeedHistory, SeedSink } from '../../../src-server/seed/seed-rows.js';
import { inTimeOrder } from '../../../src-server/seed/timeline.js';
import { TestClock } from '../../harness/clock.js';
import { startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { mutation, send } from '../mutations/support.js';
import { signIn } from '../support/http.js';

/** What a seed holds of one ticket, in a form both runs can be compared in. */
interface TicketState {
  ticket: Ticket;
  fieldVersions: Record<string, number>;
  mergedInto: string | null;
  articles: Article[];
  history: Omit<SeedHistory, 'ticketId'>[];
  timeEntries: TimeEntry[];
}

/** A merge link's id is random in the server and drawn from the seed by the loader; the rest must be equal. */
function withoutMergeLinkIds(entry: Omit<SeedHistory, 'ticketId'>): Omit<SeedHistory, 'ticketId'> {
  if (entry.event !== 'merged' && entry.event !== 'merged-from') return entry;
  const { linkId: _linkId, ...data } = entry.data;
  return { ...entry, data };
}

class CollectingSink implements SeedSink {
  readonly tickets = new Map<string, TicketState>();
  readonly links: Link[] = [];
  private readonly parts = new Map<string, Omit<TicketState, 'ticket' | 'fieldVersions' | 'mergedInto'>>();
  private part(id: string): Omit<TicketState, 'ticket' | 'fieldVersions' | 'mergedInto'> {
    let part = this.parts.get(id);
    if (!part) this.parts.set(id, (part = { articles: [], history: [], timeEntries: [] }));
    return part;
  }
  article(article: Article): void {
    this.part(article.ticketId).articles.push(article);
  }
  history({ ticketId, ...entry }: SeedHistory): void {
    this.part(ticketId).history.push(withoutMergeLinkIds(entry));
  }
  link(link: Link): void {
    this.links.push(link);
  }
  timeEntry(entry: TimeEntry): void {
    this.part(entry.ticketId).timeEntries.push(entry);
  }
  ticket(record: TicketRecord, mergedInto: string | null): void {
    this.tickets.set(record.ticket.id, { ticket: record.ticket, fieldVersions: record.fieldVersions, mergedInto, ...this.part(record.ticket.id) });
  }
}

/** Every ticket's state as the real server stored it. */
async function storedState(db: Database): Promise<{ tickets: Map<string, TicketState>; links: Link[] }> {
  const tickets = new Map<string, TicketState>();
  const rows = await db.query(`SELECT ${selectList(ticketTable)}, t.field_versions, t.merged_into_id::text AS merged_into FROM tickets t`);
  for (const row of rows.rows) {
    const ticket = entityFromRow(ticketTable, row);
    tickets.set(ticket.id, { ticket, fieldVersions: row['field_versions'] as Record<string, number>, mergedInto: (row['merged_into'] as string | null) ?? null, articles: [], history: [], timeEntries: [] });
  }
  const of = (id: unknown): TicketState => tickets.get(String(id)) as TicketState;
  for (const row of (await db.query(`SELECT ${selectList(articleTable)} FROM articles a ORDER BY a.created_at, a.id`)).rows) of(row['ticketId']).articles.push(entityFromRow(articleTable, row));
  for (const row of (await db.query(`SELECT ${selectList(historyTable)} FROM ticket_history h ORDER BY h.id`)).rows) {
    const { id: _id, ticketId, ...entry }: HistoryEntry = entityFromRow(historyTable, row);
    of(ticketId).history.push(withoutMergeLinkIds(entry));
  }
  for (const row of (await db.query(`SELECT ${selectList(timeEntryTable)} FROM time_entries e ORDER BY e.created_at, e.id`)).rows) of(row['ticketId']).timeEntries.push(entityFromRow(timeEntryTable, row));
  const links = (await db.query(`SELECT ${selectList(linkTable)} FROM ticket_links l`)).rows.map((row) => entityFromRow(linkTable, row));
  return { tickets, links };
}

const comparableLinks = (links: readonly Link[]): string[] =>
  links.map((link) => JSON.stringify({ ...link, id: link.kind === 'merged' ? 'merge' : link.id })).sort();

// Three weeks of a generated bank sent through the real mutations, step by step at each step's
// instant, with the SLA timer run at every warning and due instant; then the same scripts
// replayed by the bulk loader. Every row of every ticket must be the same.
describe('the seed holds what the real mutations write', () => {
  const from = new Date('2026-03-23T00:00:00.000Z');
  const to = new Date('2026-04-13T00:00:00.000Z');
  const options = { tickets: 40, from, to };
  const bank: Bank = generateBank({ seed: 'equivalence', institutions: 8, customers: 30, agents: 20 });
  const clock = new TestClock(from);
  let server: ServerOnTestDatabase;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kontor-seed-'));
    const file = path.join(dir, 'bank.ldif');
    writeFileSync(file, bankDirectoryLdif(bank));
    const directory = buildDemoDirectory();
    const mapping = { baseDn: directory.baseDn, peopleBase: directory.peopleBase, customersBase: directory.customersBase, groupsBase: directory.groupsBase };
    server = await startServerOnFreshDatabase({ ...bankServerConfigJson(), directory: { kind: 'ldif', file, mapping } }, { now: clock.now });
  }, 60_000);
  afterAll(() => server.close());

  it('gives every ticket the same versions, clocks, history, articles, links and time entries', async () => {
    const db = server.server.db;
    const usernames = new Map(bank.agents.map((agent) => [agent.key, agent.uid]));
    /** The timer as if it looked every instant: each warning and breach recorded at its own instant. */
    const runTimerUntil = async (until: Date): Promise<void> => {
      for (;;) {
        const next = await db.query<{ at: Date | null }>('SELECT min(next_sla_event_at) AS at FROM tickets');
        const at = next.rows[0]?.at ?? null;
        if (at === null || at.getTime() > until.getTime()) return;
        clock.advance(at.getTime() - clock.now().getTime());
        await server.server.slaTimer.runNow();
      }
    };
    let steps = 0;
    for (const { step } of inTimeOrder(generateTicketScripts(bank, { seed: bank.seed, ...options }))) {
      await runTimerUntil(new Date(step.at.getTime() - 1));
      clock.advance(step.at.getTime() - clock.now().getTime());
      const token = (await signIn(server.url, usernames.get(step.agentKey) ?? step.agentKey)).token;
      const current = await db.query<{ version: number }>('SELECT version FROM tickets WHERE id = $1', [step.args.ticketId]);
      const [result] = await send(server.url, token, mutation(step.name, step.args, current.rows[0]?.version ?? null));
      expect(result?.status, `${step.name} at ${step.at.toISOString()}: ${JSON.stringify(result)}`).toBe('applied');
      steps += 1;
    }
    await runTimerUntil(to);
    expect(steps).toBeGreaterThan(200);

    const sink = new CollectingSink();
    await replayBank(await replayWorld(db, bank), bank, options, sink);
    const stored = await storedState(db);
    expect([...sink.tickets.keys()].sort()).toEqual([...stored.tickets.keys()].sort());
    for (const [id, seeded] of sink.tickets) expect(seeded, `ticket ${seeded.ticket.number}`).toEqual(stored.tickets.get(id));
    expect(comparableLinks(sink.links)).toEqual(comparableLinks(stored.links));
    // The scripts contain what a seed must show: merges, SLA breaches, reopened and pending tickets.
    const events = new Set([...sink.tickets.values()].flatMap((state) => state.history.map((entry) => entry.event)));
    expect([...events]).toEqual(expect.arrayContaining(['created', 'article-added', 'state-changed', 'moved', 'sla-breached', 'time-accounted']));
  }, 240_000);
});
