import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../src-main/reports/report-builder.js';
import { bankQueues, queueGroups } from '../../../src-shared/node/bank/index.js';
import type { Report, ReportKind, ReportPeriod, ReportRequest, ReportScope } from '../../../src-shared/reports/model.js';
import { waitForStamped } from '../../server/feed/support/domain.js';
import { expectApplied, mutation, send } from '../../server/mutations/support.js';
import { signIn } from '../../server/support/http.js';
import { edgeHours, edgeTickets, writeEdgeTickets } from './support/edge-tickets.js';
import { serverCalendars } from './support/expected-report.js';
import { describeRequest, readerOf, reportProblems, type CheckContext, type CheckedRequest, type Reader } from './support/report-checks.js';
import { cacheRetentionMonths, syncReportDesk, type ReportDesk } from './support/report-desk.js';
import { startSeededBank, type SeededBank } from './support/seeded-bank.js';

// Issue 10's acceptance test: every number of every report the Desk builds from its cache,
// checked against the test's own SQL on the server's PostgreSQL (support/*-sql.ts, written from
// docs/reports.md, sharing nothing with src-main/reports/), on a bank seeded March–November 2026.

/** Berlin midnight at the end of the seed: the server's frozen clock, so the data is "as of" then. */
const seedEnd = new Date('2026-11-09T00:00:00+01:00');
const seedStart = new Date('2026-03-02T00:00:00+01:00');
const seededTickets = 4000;
/** Late open tickets that get an SLA of their own: the offenders' target and calendar then come from the ticket. */
const ownSlaTickets = 8;

const week = (from: string, to: string): ReportPeriod => ({ kind: 'week', from, to });
/** Periods that bring out the calendar: both daylight-saving changes, Hesse's holidays, buckets of every size. */
const periods: { name: string; period: ReportPeriod }[] = [
  { name: 'the week clocks go forward (167 hours)', period: week('2026-03-23', '2026-03-29') },
  { name: 'Easter week (Good Friday)', period: week('2026-03-30', '2026-04-05') },
  { name: 'the week of 1 May (a Friday holiday)', period: week('2026-04-27', '2026-05-03') },
  { name: 'a normal week', period: week('2026-09-14', '2026-09-20') },
  { name: 'the week clocks go back (169 hours)', period: week('2026-10-19', '2026-10-25') },
  { name: 'the last week, clocks still running', period: week('2026-11-02', '2026-11-08') },
  { name: 'October (days, across the change)', period: { kind: 'month', from: '2026-10-01', to: '2026-10-31' } },
  { name: 'the second quarter (weeks, the first from a Wednesday)', period: { kind: 'quarter', from: '2026-04-01', to: '2026-06-30' } },
  { name: 'March to November (months, the first clipped; over 200 offenders)', period: { kind: 'range', from: '2026-03-23', to: '2026-11-08' } },
];
const dstEndWeek = week('2026-10-19', '2026-10-25');
const secondQuarter: ReportPeriod = { kind: 'quarter', from: '2026-04-01', to: '2026-06-30' };
const wholeSeed: ReportPeriod = { kind: 'range', from: '2026-03-23', to: '2026-11-08' };

const scopedKinds: readonly ReportKind[] = ['sla', 'volume', 'times', 'time-accounting', 'complaints'];
const mostProblemsShown = 60;

describe('team-lead reports, every number against SQL on the server\'s PostgreSQL', () => {
  let seeded: SeededBank;
  let lead: ReportDesk;
  let leadReader: Reader;
  let context: CheckContext;
  const desks: ReportDesk[] = [];

  /** Signs `username` in and syncs their cache until it holds every ticket of the groups the server lets them read. */
  const deskOf = async (username: string, ready?: Parameters<typeof syncReportDesk>[3]): Promise<{ desk: ReportDesk; reader: Reader }> => {
    const readable = async (): Promise<number> => {
      const { groups } = await readerOf(seeded.db, username);
      const result = await seeded.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE q.group_name = ANY ($1::text[])', [groups]);
      return result.rows[0]?.n ?? 0;
    };
    const desk = await syncReportDesk(seeded.server.url, username, readable, ready);
    desks.push(desk);
    return { desk, reader: await readerOf(seeded.db, username) };
  };

  beforeAll(async () => {
    seeded = await startSeededBank({ seed: 'reports', tickets: seededTickets, from: seedStart, to: seedEnd });
    await giveTicketsSlasOfTheirOwn(seeded);
    await writeEdgeTickets(seeded, 'mmueller');
    await waitForStamped(seeded.db);
    const withOwnSlas = (db: ReportDesk['db']): boolean => (db.prepare('SELECT count(*) AS n FROM tickets WHERE sla_id IS NOT NULL').get() as { n: number }).n === ownSlaTickets;
    ({ desk: lead, reader: leadReader } = await deskOf('mmueller', withOwnSlas));
    context = { db: seeded.db, calendars: await serverCalendars(seeded.db), dataAsOf: seedEnd };
  }, 180_000);
  afterAll(async () => {
    for (const desk of desks) await desk.close();
    await seeded.close();
  });

  const build = (desk: ReportDesk, reader: Reader, request: ReportRequest) => buildReport(desk.db, request, { now: seedEnd, generatedBy: reader.username, retentionMonths: cacheRetentionMonths, readable: (group) => reader.groups.includes(group) });

  /** Builds each report from `desk`'s cache and says every way it differs from the SQL; a refusal is a difference unless `mayRefuse`. */
  async function problemsOf(desk: ReportDesk, reader: Reader, checks: readonly (CheckedRequest & { mayRefuse?: boolean })[]): Promise<{ problems: string[]; reports: Report[] }> {
    const results = await Promise.all(checks.map(async (checked) => {
      const built = build(desk, reader, checked.request);
      if (!built.ok) return { report: null, problems: checked.mayRefuse ? [] : [`${describeRequest(checked, reader)}: refused (${built.error.reason}: ${built.error.message})`] };
      return { report: built.value, problems: await reportProblems(context, checked, reader, built.value) };
    }));
    return { problems: results.flatMap((result) => result.problems), reports: results.flatMap((result) => (result.report ? [result.report] : [])) };
  }

  function expectNoProblems(problems: readonly string[]): void {
    expect(problems.slice(0, mostProblemsShown), `${String(problems.length)} differences (the first ${String(mostProblemsShown)} shown)`).toEqual([]);
  }

  it('is checked against a bank with what the rules count: breaches, reopenings, moves, merges, own SLAs, tickets without an institution', async () => {
    const facts = await seeded.db.query<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM tickets) AS tickets,
      (SELECT count(*)::int FROM tickets WHERE (first_response_breached AND first_response_started_at IS NOT NULL) OR (update_breached AND update_started_at IS NOT NULL)
         OR (solution_breached AND solution_started_at IS NOT NULL)) AS running_breached,
      (SELECT count(*)::int FROM tickets WHERE (first_response_breached::int + update_breached::int + solution_breached::int) > 0
         AND created_at >= '2026-03-23T00:00:00+01:00' AND created_at < $1) AS breached_in_whole_seed,
      (SELECT count(*)::int FROM tickets t JOIN queues q ON q.id = t.queue_id JOIN slas s ON s.id = coalesce(t.sla_id, q.sla_id)
         WHERE t.update_breached AND t.update_started_at IS NULL AND t.update_minutes < s.update_minutes) AS late_no_more,
      (SELECT count(*)::int FROM ticket_history WHERE event = 'state-changed' AND data->>'from' LIKE 'closed-%') AS reopened,
      (SELECT count(*)::int FROM ticket_history WHERE event = 'moved') AS moved,
      (SELECT count(*)::int FROM tickets WHERE state = 'merged') AS merged,
      (SELECT count(*)::int FROM tickets WHERE sla_id IS NOT NULL) AS own_sla,
      (SELECT count(*)::int FROM tickets WHERE institution_id IS NULL) AS without_institution,
      (SELECT count(*)::int FROM tickets WHERE type = 'complaint') AS complaints`, [seedEnd]);
    const row = facts.rows[0] ?? {};
    expect(row['tickets']).toBe(seededTickets + edgeTickets);
    // late_no_more: an update clock late in an earlier cycle, within its target in this one: late by 0, never less.
    for (const fact of ['running_breached', 'late_no_more', 'reopened', 'moved', 'merged', 'without_institution', 'complaints']) expect(row[fact], fact).toBeGreaterThan(0);
    // More breached tickets than offender rows are printed: the whole seed's list has an "omitted" count.
    expect(row['breached_in_whole_seed']).toBeGreaterThan(200);
    expect(row['own_sla']).toBe(ownSlaTickets);
    expect(leadReader.groups).toEqual([...queueGroups].sort());
    // Every hour a fixed offset or a 24-hour day would put into the wrong bucket or period holds a creation and a closing.
    for (const hour of edgeHours) {
      const held = await seeded.db.query<{ created: number; closed: number }>(`SELECT
        (SELECT count(*)::int FROM tickets WHERE created_at >= $1 AND created_at < $2) AS created,
        (SELECT count(*)::int FROM ticket_history WHERE event = 'state-changed' AND data->>'to' = 'closed-successful' AND occurred_at >= $1 AND occurred_at < $2) AS closed`,
      [hour.from, hour.to]);
      expect(held.rows[0], hour.name).toEqual({ created: 2, closed: 1 });
    }
  });

  it.each(periods.map((entry, index) => ({ ...entry, index })))('$name: every cell of every report, for all, one department and one queue', async ({ period, index }) => {
    // One department and one queue per period, so that the periods together go through all of them (the empty parent queue too).
    const department = queueGroups[index % queueGroups.length] ?? 'serviceline';
    const queue = bankQueues[(index + 3) % bankQueues.length] ?? bankQueues[0];
    if (!queue) throw new Error('the bank has no queues');
    const institution = await busiestInstitution(seeded, period, leadReader.groups);
    const scopes: { scope: ReportScope; label: string; scopeName?: string | null; kinds: readonly ReportKind[] }[] = [
      { scope: { kind: 'all' }, label: 'all', scopeName: null, kinds: scopedKinds },
      { scope: { kind: 'department', group: department }, label: `department ${department}`, kinds: scopedKinds },
      { scope: { kind: 'queue', queueId: queue.id }, label: `queue ${queue.name}`, scopeName: queue.name, kinds: scopedKinds },
      // The institution with the most tickets in the period: its service report, and its SLA report.
      { scope: { kind: 'institution', institutionId: institution.id }, label: `institution ${institution.name}`, scopeName: institution.name, kinds: ['institution-service', 'sla'] },
    ];
    const checks = scopes.flatMap(({ kinds, scope, ...rest }) => kinds.map((kind) => ({ request: { kind, period, scope }, ...rest })));
    const { problems, reports } = await problemsOf(lead, leadReader, checks);
    expect(reports).toHaveLength(checks.length);
    expectNoProblems(problems);
  }, 60_000);

  it('refuses a service report for anything but one institution', () => {
    expect(build(lead, leadReader, { kind: 'institution-service', period: dstEndWeek, scope: { kind: 'all' } }).ok).toBe(false);
    expect(build(lead, leadReader, { kind: 'institution-service', period: dstEndWeek, scope: { kind: 'department', group: 'settlement' } }).ok).toBe(false);
  });

  /** A department agent or contractor: every number counts their groups' tickets only, and no other group's ticket is behind them. */
  async function checkRestricted(username: string, expectedGroups: string[]): Promise<void> {
    const { desk, reader } = await deskOf(username);
    expect(reader.groups).toEqual(expectedGroups);
    const others = (await seeded.db.query<{ number: string }>(
      'SELECT t.number FROM tickets t JOIN queues q ON q.id = t.queue_id WHERE NOT (q.group_name = ANY ($1::text[]))', [reader.groups],
    )).rows.map((row) => row.number);
    expect(others.length).toBeGreaterThan(1000);
    const foreign = new Set(others);
    const custody = bankQueues.find((queue) => queue.group === 'custody');
    if (!custody || expectedGroups.includes('custody')) throw new Error('the test needs a group the agent may not read');
    const checks: (CheckedRequest & { mayRefuse?: boolean })[] = [];
    for (const period of [dstEndWeek, secondQuarter]) {
      const institution = await busiestInstitution(seeded, period, reader.groups);
      const scopes: { scope: ReportScope; label: string; kinds: readonly ReportKind[]; mayRefuse?: boolean }[] = [
        { scope: { kind: 'all' }, label: 'all', kinds: scopedKinds },
        { scope: { kind: 'department', group: expectedGroups[0] ?? '' }, label: `department ${expectedGroups[0] ?? ''}`, kinds: scopedKinds },
        // A group they may not read: nothing of it, whether refused or empty.
        { scope: { kind: 'department', group: 'custody' }, label: 'department custody (not theirs)', kinds: ['sla', 'volume'], mayRefuse: true },
        { scope: { kind: 'queue', queueId: custody.id }, label: `queue ${custody.name} (not theirs)`, kinds: ['times', 'time-accounting'], mayRefuse: true },
        { scope: { kind: 'institution', institutionId: institution.id }, label: `institution ${institution.name}`, kinds: ['institution-service', 'time-accounting'] },
      ];
      checks.push(...scopes.flatMap(({ kinds, scope, ...rest }) => kinds.map((kind) => ({ request: { kind, period, scope }, ...rest }))));
    }
    const { problems, reports } = await problemsOf(desk, reader, checks);
    for (const report of reports) {
      const leaked = report.tickets.filter((number) => foreign.has(number));
      if (leaked.length > 0) problems.push(`[${username}] ${report.kind} ${report.period.from}: tickets of groups they may not read: ${leaked.slice(0, 5).join(', ')}`);
    }
    expect(reports.reduce((sum, report) => sum + report.tickets.length, 0)).toBeGreaterThan(100);
    expectNoProblems(problems);
  }

  it('shows an external contractor only their queues\' tickets (settlement and IT operations)', async () => {
    await checkRestricted('extern.kraus', ['itops', 'settlement']);
  }, 60_000);

  it('shows a settlement agent only what their rights allow (settlement, ServiceLine read-only)', async () => {
    await checkRestricted('lweber', ['serviceline', 'settlement']);
  }, 60_000);

  it('gives the institution no internal article, note, time entry note, agent name or user name', async () => {
    const institution = await busiestInstitution(seeded, wholeSeed, leadReader.groups);
    const built = build(lead, leadReader, { kind: 'institution-service', period: wholeSeed, scope: { kind: 'institution', institutionId: institution.id } });
    if (!built.ok) throw new Error(built.error.message);
    // "Generated by" names whoever printed it, as every report's header does (see the report of this test).
    const text = JSON.stringify({ ...built.value, generatedBy: '' });
    const secrets = await seeded.db.query<{ kind: string; text: string }>(`
      SELECT 'internal article' AS kind, a.body AS text FROM articles a JOIN tickets t ON t.id = a.ticket_id WHERE t.institution_id = $1 AND a.visibility = 'internal'
      UNION SELECT 'time entry note', e.note FROM time_entries e JOIN tickets t ON t.id = e.ticket_id WHERE t.institution_id = $1 AND e.note <> ''
      UNION SELECT 'agent name', display_name FROM agents
      UNION SELECT 'user name', username FROM agents`, [institution.id]);
    expect([...new Set(secrets.rows.map((row) => row.kind))].sort()).toEqual(['agent name', 'internal article', 'time entry note', 'user name']);
    // The report lists the institution's tickets, so the search below looks where the texts would be.
    const titles = await seeded.db.query<{ title: string }>(
      `SELECT title FROM tickets WHERE institution_id = $1 AND created_at >= ($2::date)::timestamp AT TIME ZONE 'Europe/Berlin' ORDER BY number LIMIT 3`,
      [institution.id, wholeSeed.from],
    );
    expect(built.value.tickets.length).toBeGreaterThan(50);
    for (const { title } of titles.rows) expect(text).toContain(JSON.stringify(title).slice(1, -1));
    const leaked = secrets.rows.filter((row) => text.includes(JSON.stringify(row.text).slice(1, -1)));
    expect(leaked.map((row) => `${row.kind}: ${row.text.slice(0, 80)}`)).toEqual([]);
    expect(bankQueues.map((queue) => queue.name).filter((name) => text.includes(JSON.stringify(name))), 'queue names (docs/reports.md)').toEqual([]);
  });
});

/**
 * Through the real mutation, as a lead would: four late open tickets move to IT operations' SLA
 * (around the clock, other targets), four to the complaints SLA (Frankfurt, longer targets, so
 * that some are no longer late at all).
 */
async function giveTicketsSlasOfTheirOwn(seeded: SeededBank): Promise<void> {
  const { token } = await signIn(seeded.server.url, 'mmueller');
  const candidates = await seeded.db.query<{ id: string; version: number }>(`
    SELECT t.id::text, t.version FROM tickets t JOIN queues q ON q.id = t.queue_id
    WHERE t.state IN ('new', 'open') AND t.created_at >= '2026-10-01' AND q.name NOT IN ('IT-Betrieb', 'Beschwerden')
      AND (t.first_response_breached OR t.update_breached OR t.solution_breached)
    ORDER BY t.number LIMIT $1`, [ownSlaTickets]);
  expect(candidates.rows).toHaveLength(ownSlaTickets);
  const slas = await seeded.db.query<{ id: string; name: string }>(`SELECT id::text, name FROM slas WHERE name IN ('IT-Betrieb', 'Beschwerden')`);
  const slaId = (name: string): string => slas.rows.find((row) => row.name === name)?.id ?? '';
  for (const [index, ticket] of candidates.rows.entries()) {
    const [result] = await send(seeded.server.url, token, mutation('ticket.setSla', { ticketId: ticket.id, slaId: slaId(index < ownSlaTickets / 2 ? 'IT-Betrieb' : 'Beschwerden') }, ticket.version));
    expectApplied(result);
  }
}

/** The institution with the most tickets created in the period among those `groups` may read. */
async function busiestInstitution(seeded: SeededBank, period: ReportPeriod, groups: readonly string[]): Promise<{ id: string; name: string }> {
  const result = await seeded.db.query<{ id: string; name: string }>(`
    SELECT i.id, i.name FROM tickets t JOIN queues q ON q.id = t.queue_id JOIN institutions i ON i.id = t.institution_id
    WHERE q.group_name = ANY ($3::text[])
      AND t.created_at >= ($1::date)::timestamp AT TIME ZONE 'Europe/Berlin' AND t.created_at < ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin'
    GROUP BY i.id, i.name ORDER BY count(*) DESC, i.id LIMIT 1`, [period.from, period.to, [...groups]]);
  const found = result.rows[0];
  if (!found) throw new Error(`no institution has tickets from ${period.from} to ${period.to}`);
  return found;
}
