import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockFieldKeys } from '../../../src-shared/sla/ticket-clocks.js';
import { historyEntrySchema, ticketSchema, type HistoryEntry, type Ticket } from '../../../src-shared/sync/entities.js';
import { applyQueueConfig } from '../../../src-server/config/apply-config.js';
import { slaIdFor } from '../../../src-server/config/apply-slas.js';
import { parseServerConfig } from '../../../src-server/config.js';
import { TestClock } from '../../harness/clock.js';
import { slapdServerConfig, startServerOnFreshDatabase, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { pullAll } from '../feed/support/feed-client.js';
import { createTicket, expectApplied, expectRejected, inspect, mutation, send, setState, signIn, testQueues, ticketSnapshot } from './support.js';
import { frankfurtCalendarConfig, standardSlaConfig } from '../sla/frankfurt.js';

// Frankfurt office hours, Monday to Friday 08:00–18:00; no holiday falls in the week used here.
const frankfurt = frankfurtCalendarConfig;
const standard = standardSlaConfig;
const premium = { name: 'Premium', calendar: 'Frankfurt', firstResponseMinutes: 90, updateMinutes: 120, solutionMinutes: 480, warningPercent: 80 };
const retired = { name: 'Altvertrag', calendar: 'Frankfurt', firstResponseMinutes: 60, updateMinutes: 60, solutionMinutes: 600, warningPercent: 80 };
const queues = testQueues.map((queue) => (queue.name === 'ServiceLine' ? { ...queue, sla: 'Standard' } : queue));
const slaConfig = { queues, calendars: [frankfurt], slas: [standard, premium, retired] };

/**
 * mmueller works ServiceLine (rw); dnowak triages it with `priority` but not `rw`; hmeier reads
 * it and writes notes; the contractor sees settlement and IT only.
 */
const roles = [
  { name: 'serviceline', ldapGroups: ['kontor-serviceline'], grants: { serviceline: ['rw'] } },
  { name: 'dispatcher', ldapGroups: ['kontor-itops'], grants: { serviceline: ['ro', 'priority'] } },
  { name: 'reader', ldapGroups: ['kontor-tax'], grants: { serviceline: ['ro', 'note'] } },
  { name: 'contractor', ldapGroups: ['kontor-contractors'], grants: { settlement: ['ro', 'note'], itops: ['ro'] } },
];

/** Friday 6 March 2026, 17:00 in Frankfurt (CET): one working hour left before the weekend. */
const fridayFive = '2026-03-06T16:00:00.000Z';
const clock = new TestClock(new Date(fridayFive));
const at = (instant: string): void => void clock.advance(Date.parse(instant) - clock.now().getTime());

let server: ServerOnTestDatabase;
let db: pg.Pool;
const token = async (username = 'mmueller'): Promise<string> => (await signIn(server.url, username)).token;

beforeAll(async () => {
  server = await startServerOnFreshDatabase({ ...slaConfig, roles }, { now: clock.now });
  db = inspect(server.database.url);
});

afterAll(async () => {
  await db.end();
  await server.close();
});

async function pulled(): Promise<{ tickets: Map<string, Ticket>; history: HistoryEntry[] }> {
  const { changes } = await pullAll(server.url, await token());
  const tickets = new Map<string, Ticket>();
  for (const change of changes) if (change.entity === 'ticket') tickets.set(change.id, ticketSchema.parse(change.data));
  return { tickets, history: changes.flatMap((change) => (change.entity === 'history' ? [historyEntrySchema.parse(change.data)] : [])) };
}

/** The ticket as the feed delivers it now. */
async function ticket(id: string): Promise<Ticket> {
  const found = (await pulled()).tickets.get(id);
  if (!found) throw new Error(`ticket ${id} is not in the feed`);
  return found;
}

const clocksOf = (t: Ticket): Partial<Ticket> => Object.fromEntries(clockFieldKeys.map((key) => [key, t[key]]));

/** A ServiceLine ticket opened at the clock's now; its id and version. */
async function newTicket(): Promise<{ ticketId: string; version: number }> {
  const create = createTicket('ServiceLine');
  return { ticketId: create.ticketId, version: expectApplied((await send(server.url, await token(), create))[0]).version };
}

const setSla = (ticketId: string, slaId: string | null, baseVersion: number | null, extra: Record<string, unknown> = {}): ReturnType<typeof mutation> =>
  mutation('ticket.setSla', { ticketId, slaId, ...extra }, baseVersion);

// Due and warning instants, worked by hand from Friday 17:00 CET: 60 working minutes on Friday,
// the rest from Monday 9 March 08:00 CET (07:00Z) on; Monday and Tuesday have 600 each.
const standardClocks = {
  // 120: 60 + 60 = Mon 09:00; warning at 96: 60 + 36 = Mon 08:36.
  firstResponseDue: '2026-03-09T08:00:00.000Z',
  firstResponseWarnAt: '2026-03-09T07:36:00.000Z',
  // 240: 60 + 180 = Mon 11:00; warning at 192: 60 + 132 = Mon 10:12.
  updateDue: '2026-03-09T10:00:00.000Z',
  updateWarnAt: '2026-03-09T09:12:00.000Z',
  // 1200: 60 + 600 (Mon) + 540 = Tue 17:00; warning at 960: 60 + 600 + 300 = Tue 13:00.
  solutionDue: '2026-03-10T16:00:00.000Z',
  solutionWarnAt: '2026-03-10T12:00:00.000Z',
};
const premiumClocks = {
  // 90: 60 + 30 = Mon 08:30; warning at 72: 60 + 12 = Mon 08:12.
  firstResponseDue: '2026-03-09T07:30:00.000Z',
  firstResponseWarnAt: '2026-03-09T07:12:00.000Z',
  // 120: 60 + 60 = Mon 09:00; warning at 96: 60 + 36 = Mon 08:36.
  updateDue: '2026-03-09T08:00:00.000Z',
  updateWarnAt: '2026-03-09T07:36:00.000Z',
  // 480: 60 + 420 = Mon 15:00; warning at 384: 60 + 324 = Mon 13:24.
  solutionDue: '2026-03-09T14:00:00.000Z',
  solutionWarnAt: '2026-03-09T12:24:00.000Z',
};

describe('ticket.setSla', () => {
  it('moves the due instants of a ticket given a tighter SLA, counted on its calendar from where the clocks started', async () => {
    at(fridayFive);
    const { ticketId, version } = await newTicket();
    expect(await ticket(ticketId)).toMatchObject({ slaId: null, ...standardClocks });

    // Half an hour later: the clocks still count from 17:00, now with Premium's targets.
    at('2026-03-06T16:30:00.000Z');
    const performedAt = '2026-03-06T17:29:00+01:00';
    const result = expectApplied((await send(server.url, await token(), setSla(ticketId, slaIdFor('Premium'), version, { performedAt })))[0]);
    expect(result.version).toBe(version + 1);
    const changed = await ticket(ticketId);
    expect(changed).toMatchObject({ slaId: slaIdFor('Premium'), version: version + 1, ...premiumClocks, firstResponseStartedAt: fridayFive, firstResponseMinutes: 0 });

    const entries = (await pulled()).history.filter((entry) => entry.ticketId === ticketId && entry.event === 'sla-changed');
    expect(entries.map((entry) => [entry.data, entry.actorId])).toEqual([
      [{ fromSlaId: null, toSlaId: slaIdFor('Premium'), performedAt: '2026-03-06T16:29:00.000Z' }, (await signIn(server.url, 'mmueller')).agentId],
    ]);
    // The breach timer wakes for the earliest new instant.
    const next = await db.query<{ next: Date }>('SELECT next_sla_event_at AS next FROM tickets WHERE id = $1', [ticketId]);
    expect(next.rows[0]?.next.toISOString()).toBe(premiumClocks.firstResponseWarnAt);
  });

  it('hands a ticket back to its queue\'s SLA with null, and pins the queue\'s SLA when it is named', async () => {
    at(fridayFive);
    const { ticketId, version } = await newTicket();
    at('2026-03-06T16:30:00.000Z');
    const premiumVersion = expectApplied((await send(server.url, await token(), setSla(ticketId, slaIdFor('Premium'), version)))[0]).version;
    expect(await ticket(ticketId)).toMatchObject(premiumClocks);
    const back = expectApplied((await send(server.url, await token(), setSla(ticketId, null, premiumVersion)))[0]);
    expect(await ticket(ticketId)).toMatchObject({ slaId: null, ...standardClocks });
    const history = (await pulled()).history.filter((entry) => entry.ticketId === ticketId && entry.event === 'sla-changed');
    expect(history.at(-1)?.data).toEqual({ fromSlaId: slaIdFor('Premium'), toSlaId: null });

    // The queue's own SLA, named: the same instants, but the ticket keeps it if the queue changes SLA.
    expectApplied((await send(server.url, await token(), setSla(ticketId, slaIdFor('Standard'), back.version)))[0]);
    expect(await ticket(ticketId)).toMatchObject({ slaId: slaIdFor('Standard'), ...standardClocks });
  });

  it('refuses an unknown SLA, one no longer in use and the SLA the ticket has, naming slaId, and changes nothing', async () => {
    at(fridayFive);
    const { ticketId, version } = await newTicket();
    // Altvertrag leaves the configuration: it stays in the database, no longer valid.
    const config = parseServerConfig({ ...slapdServerConfig(server.database.url), ...slaConfig, slas: [standard, premium] }, process.cwd());
    const report = await applyQueueConfig(server.server.db, { ...config, queues: config.queues ?? [] }, clock.now());
    expect(report.slas).toContain('no longer configured, now invalid: SLA Altvertrag');

    const before = await ticketSnapshot(db, ticketId);
    // One request each: a refusal would hold back the rest of this ticket's batch.
    for (const [slaId, message] of [
      [randomUUID(), /^slaId: there is no SLA with this id$/u],
      [slaIdFor('Altvertrag'), /^slaId: SLA Altvertrag is no longer in use$/u],
      [null, /^slaId: ticket \d{14} counts with its queue's SLA already$/u],
    ] as const) {
      expect(expectRejected((await send(server.url, await token(), setSla(ticketId, slaId, version)))[0], 'invalid-args')).toMatch(message);
    }
    expect(await ticketSnapshot(db, ticketId)).toEqual(before);

    const premiumVersion = expectApplied((await send(server.url, await token(), setSla(ticketId, slaIdFor('Premium'), version)))[0]).version;
    const again = await send(server.url, await token(), setSla(ticketId, slaIdFor('Premium').toUpperCase(), premiumVersion));
    expect(expectRejected(again[0], 'invalid-args')).toMatch(/^slaId: ticket \d{14} counts with this SLA of its own already$/u);
    // Not a UUID at all: the schema refuses it, naming the field under args.
    expect(expectRejected((await send(server.url, await token(), setSla(ticketId, 'Premium', premiumVersion)))[0], 'invalid-args')).toMatch(/args\.slaId/u);
  });

  it('needs priority rather than rw, and a ticket outside the agent\'s queues does not exist for them', async () => {
    at(fridayFive);
    const { ticketId, version } = await newTicket();
    const before = await ticketSnapshot(db, ticketId);
    const denied = await send(server.url, await token('hmeier'), setSla(ticketId, slaIdFor('Premium'), version));
    expect(expectRejected(denied[0], 'permission-denied')).toBe('ticket.setSla needs the right "priority" on group serviceline');
    const hidden = await send(server.url, await token('extern.kraus'), setSla(ticketId, slaIdFor('Premium'), version));
    const unknown = await send(server.url, await token('extern.kraus'), setSla(randomUUID(), slaIdFor('Premium'), version));
    expect(expectRejected(hidden[0], 'not-found')).toBe("ticketId: no ticket with this id in the agent's queues");
    expect({ ...hidden[0], id: '-' }).toEqual({ ...unknown[0], id: '-' });
    expect(await ticketSnapshot(db, ticketId)).toEqual(before);

    // The dispatcher holds priority on ServiceLine, not rw.
    expectApplied((await send(server.url, await token('dnowak'), setSla(ticketId, slaIdFor('Premium'), version)))[0]);
    expect((await ticket(ticketId)).slaId).toBe(slaIdFor('Premium'));
  });

  it('conflicts when slaId changed since baseVersion, not when another field did', async () => {
    at(fridayFive);
    const { ticketId, version } = await newTicket();
    const premiumVersion = expectApplied((await send(server.url, await token(), setSla(ticketId, slaIdFor('Premium'), version)))[0]).version;
    const [conflict] = await send(server.url, await token(), setSla(ticketId, null, version));
    expect(conflict).toMatchObject({ status: 'conflict', fields: ['slaId'], server: { slaId: slaIdFor('Premium'), version: premiumVersion } });

    const priority = expectApplied((await send(server.url, await token(), mutation('ticket.setPriority', { ticketId, priority: 1 }, premiumVersion)))[0]);
    expect(priority.version).toBe(premiumVersion + 1);
    expectApplied((await send(server.url, await token(), setSla(ticketId, null, premiumVersion)))[0]);
  });

  it('records a closed ticket\'s new SLA without touching its stopped clocks, which count with it once reopened', async () => {
    at(fridayFive);
    const { ticketId, version } = await newTicket();
    const closed = expectApplied((await send(server.url, await token(), setState(ticketId, version, 'closed-successful')))[0]);
    const before = await ticket(ticketId);
    expect(before).toMatchObject({ firstResponseDue: null, updateDue: null, solutionDue: null });

    at('2026-03-06T16:30:00.000Z');
    const changed = expectApplied((await send(server.url, await token(), setSla(ticketId, slaIdFor('Premium'), closed.version)))[0]);
    const after = await ticket(ticketId);
    expect(after.slaId).toBe(slaIdFor('Premium'));
    expect(clocksOf(after)).toEqual(clocksOf(before));

    // Reopened at 17:30: a fresh update cycle of Premium's 120 minutes, 30 on Friday and 90 on Monday.
    expectApplied((await send(server.url, await token(), setState(ticketId, changed.version, 'open')))[0]);
    expect((await ticket(ticketId)).updateDue).toBe('2026-03-09T08:30:00.000Z');
  });
});
