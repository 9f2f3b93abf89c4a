import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarEntitySchema, historyEntrySchema, ticketSchema, type Ticket } from '../../../src-shared/sync/entities.js';
import { applyQueueConfig } from '../../../src-server/config/apply-config.js';
import { parseServerConfig, ConfigError } from '../../../src-server/config.js';
import { TestClock } from '../../harness/clock.js';
import { slapdServerConfig, startServer, startServerOnFreshDatabase, type ServerOnTestDatabase, type StartedServer } from '../../harness/kontor-server.js';
import { pullAll } from '../feed/support/feed-client.js';
import { createTicket, expectApplied, send, setState, signIn, testQueues } from '../mutations/support.js';
import { frankfurtCalendarConfig, standardSlaConfig } from './frankfurt.js';

// Frankfurt office hours on Hesse's public holidays, TARGET2 days and the bank's own days.
const frankfurt = frankfurtCalendarConfig;
const standard = standardSlaConfig;
const queues = testQueues.map((queue) => (queue.name === 'ServiceLine' ? { ...queue, sla: 'Standard' } : queue));
const slaConfig = { queues, calendars: [frankfurt], slas: [standard] };

/** Thursday 2 April 2026, 17:00 in Frankfurt (CEST): Good Friday, the weekend and Easter Monday follow. */
const beforeEaster = new Date('2026-04-02T15:00:00.000Z');

describe('SLA clocks on the Frankfurt business calendar, through the real mutations', () => {
  const clock = new TestClock(beforeEaster);
  let server: ServerOnTestDatabase;
  /** A session begun at the test clock's now: the clock jumps by days, past any session's expiry. */
  const token = async (): Promise<string> => (await signIn(server.url, 'mmueller')).token;

  beforeAll(async () => {
    server = await startServerOnFreshDatabase(slaConfig, { now: clock.now });
  });
  afterAll(() => server.close());

  async function ticket(id: string): Promise<Ticket> {
    const pulled = await pullAll(server.url, await token());
    const found = pulled.changes.filter((change) => change.entity === 'ticket' && change.id === id).at(-1);
    if (!found) throw new Error(`ticket ${id} is not in the feed`);
    return ticketSchema.parse(found.data);
  }

  it('counts only working time from a ticket opened on the Thursday evening before Easter', async () => {
    const create = createTicket('ServiceLine');
    expectApplied((await send(server.url, await token(), create))[0]);
    const created = await ticket(create.ticketId);
    // First response 120: 60 on Thursday (17–18), none on Good Friday, the weekend or Easter
    // Monday, 60 from Tuesday 08:00 = Tue 7 April 09:00 CEST. Warning at 96 min: Tue 08:36.
    expect(created.firstResponseDue).toBe('2026-04-07T07:00:00.000Z');
    expect(created.firstResponseWarnAt).toBe('2026-04-07T06:36:00.000Z');
    // Update 240: 60 + 180 = Tue 11:00 CEST. Solution 1200: 60 + 600 (Tue) + 540 = Wed 8 April 17:00 CEST.
    expect(created.updateDue).toBe('2026-04-07T09:00:00.000Z');
    expect(created.solutionDue).toBe('2026-04-08T15:00:00.000Z');
  });

  it('pauses the update clock while pending and resumes it with what was left', async () => {
    clock.advance(0);
    const create = createTicket('ServiceLine');
    const { version } = expectApplied((await send(server.url, await token(), create))[0]);
    // Tue 7 April 08:30 CEST: 60 (Thursday) + 30 minutes of update time taken.
    clock.advance(Date.parse('2026-04-07T06:30:00Z') - clock.now().getTime());
    const pended = expectApplied((await send(server.url, await token(), setState(create.ticketId, version, 'pending-reminder', '2026-04-10T08:00:00Z')))[0]);
    const pending = await ticket(create.ticketId);
    expect(pending).toMatchObject({ updateDue: null, updateStartedAt: null, updateMinutes: 90 });
    // Wed 8 April 10:00 CEST back to open: 150 minutes left, due 12:30 CEST.
    clock.advance(Date.parse('2026-04-08T08:00:00Z') - clock.now().getTime());
    expectApplied((await send(server.url, await token(), setState(create.ticketId, pended.version, 'open')))[0]);
    expect((await ticket(create.ticketId)).updateDue).toBe('2026-04-08T10:30:00.000Z');
  });

  it('records warnings and breaches when their instants pass, once, whichever instance looks', async () => {
    clock.advance(Date.parse('2026-04-02T15:00:00Z') - clock.now().getTime());
    const create = createTicket('ServiceLine');
    expectApplied((await send(server.url, await token(), create))[0]);
    const second: StartedServer = await startServer(slapdServerConfig(server.database.url, slaConfig), { now: clock.now });
    try {
      // Tue 7 April 09:01 CEST: first response warned at 08:36 and breached at 09:00; update warns at 10:12.
      clock.advance(Date.parse('2026-04-07T07:01:00Z') - clock.now().getTime());
      await Promise.all([server.server.slaTimer.runNow(), second.server.slaTimer.runNow(), server.server.slaTimer.runNow()]);
      await Promise.all([server.server.slaTimer.runNow(), second.server.slaTimer.runNow()]);
    } finally {
      await second.close();
    }
    const escalated = await ticket(create.ticketId);
    expect(escalated).toMatchObject({ firstResponseBreached: true, firstResponseWarned: true, updateBreached: false, updateWarned: false });
    const history = (await pullAll(server.url, await token())).changes
      .flatMap((change) => (change.entity === 'history' ? [historyEntrySchema.parse(change.data)] : []))
      .filter((entry) => entry.ticketId === create.ticketId && entry.event.startsWith('sla-'));
    expect(history.map((entry) => [entry.event, entry.data, entry.actorId])).toEqual([
      ['sla-warning', { clock: 'firstResponse', at: '2026-04-07T06:36:00.000Z' }, null],
      ['sla-breached', { clock: 'firstResponse', at: '2026-04-07T07:00:00.000Z' }, null],
    ]);
  });

  it('recomputes open tickets when a holiday is added to their calendar, and the feed carries them', async () => {
    clock.advance(Date.parse('2026-04-02T15:00:00Z') - clock.now().getTime());
    const create = createTicket('ServiceLine');
    expectApplied((await send(server.url, await token(), create))[0]);
    const closedCreate = createTicket('ServiceLine');
    const closed = expectApplied((await send(server.url, await token(), closedCreate))[0]);
    expectApplied((await send(server.url, await token(), setState(closedCreate.ticketId, closed.version, 'closed-successful')))[0]);
    const closedBefore = await ticket(closedCreate.ticketId);

    const withTuesdayOff = { ...frankfurt, holidays: { ...frankfurt.holidays, extra: ['2026-04-07'] } };
    const config = parseServerConfig({ ...slapdServerConfig(server.database.url), ...slaConfig, calendars: [withTuesdayOff] }, process.cwd());
    const report = await applyQueueConfig(server.server.db, { ...config, queues: config.queues ?? [] }, clock.now());
    expect(report.slas).toContain('updated: calendar Frankfurt');
    expect(report.ticketsRecomputed).toBeGreaterThanOrEqual(1);
    // Tuesday off as well: 60 on Thursday, 60 from Wednesday 08:00 = Wed 8 April 09:00 CEST.
    const recomputed = await ticket(create.ticketId);
    expect(recomputed.firstResponseDue).toBe('2026-04-08T07:00:00.000Z');
    expect(recomputed.version).toBe(2);
    // A closed ticket keeps what it had: reports never recompute history.
    expect(await ticket(closedCreate.ticketId)).toEqual(closedBefore);
    const calendars = (await pullAll(server.url, await token())).changes.filter((change) => change.entity === 'calendar');
    expect(calendars.some((change) => calendarEntitySchema.parse(change.data).holidays.includes('2026-04-07'))).toBe(true);
  });

  it('starts the clocks of a ticket opened on a Saturday night on Monday morning', async () => {
    // Saturday 13 June 2026, 23:30 CEST: first response due Monday 15 June 10:00 CEST.
    clock.advance(Date.parse('2026-06-13T21:30:00Z') - clock.now().getTime());
    const create = createTicket('ServiceLine');
    expectApplied((await send(server.url, await token(), create))[0]);
    expect((await ticket(create.ticketId)).firstResponseDue).toBe('2026-06-15T08:00:00.000Z');
  });
});

describe('SLA configuration', () => {
  const base = slapdServerConfig('postgres://unused');
  const parse = (overrides: Record<string, unknown>): unknown => parseServerConfig({ ...base, ...slaConfig, ...overrides }, process.cwd());

  it('refuses a calendar without working time, naming it', () => {
    const closed = { name: 'Geschlossen', timeZone: 'Europe/Berlin', workingHours: {} };
    expect(() => parse({ calendars: [frankfurt, closed] })).toThrow(ConfigError);
    expect(() => parse({ calendars: [frankfurt, closed] })).toThrow(/calendars\.1\.workingHours: calendar "Geschlossen"/u);
  });

  it('refuses an SLA on an unknown calendar and a queue naming an unknown SLA', () => {
    expect(() => parse({ slas: [{ ...standard, calendar: 'Hamburg' }] })).toThrow(/SLA "Standard" names calendar "Hamburg"/u);
    expect(() => parse({ slas: [] })).toThrow(/queue "ServiceLine" names SLA "Standard", which is not in "slas"/u);
  });

  it('refuses a working range that is not a time range', () => {
    expect(() => parse({ calendars: [{ ...frankfurt, workingHours: { monday: ['8-18'] } }] })).toThrow(/calendars\.0\.workingHours\.monday\.0: a range is written HH:MM-HH:MM/u);
  });
});
