import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheFileName } from '../../../src-main/cache/cache-file.js';
import { until } from '../support/until.js';
import { whileTheSyncWrites } from '../cache/support/sync-writing.js';
import type { Ticket } from '../../../src-shared/sync/entities.js';
import { NoticeFinder } from '../../../src-main/notifications/notice-finder.js';
import { colleague, me, online, queueOf, syncing, ticketAt, WatchedDesk } from './support.js';

const settlement = queueOf('Wertpapiere::Abwicklung', 'wertpapiere');
const custody = queueOf('Wertpapiere::Verwahrung', 'wertpapiere');
const helpdesk = queueOf('Interner Helpdesk', 'helpdesk');
const start = '2026-12-01T09:00:00.000Z';
const earlier = new Date('2026-12-01T08:00:00.000Z');

/** No clock runs: a pending ticket's, or one that is not the point of the test. */
const noClocks: Partial<Ticket> = Object.fromEntries(
  (['firstResponse', 'update', 'solution'] as const).flatMap((clock) => [
    [`${clock}StartedAt`, null],
    [`${clock}Due`, null],
    [`${clock}WarnAt`, null],
    [`${clock}Warned`, false],
  ]),
);

const opened: WatchedDesk[] = [];
afterEach(() => {
  for (const desk of opened.splice(0)) desk.close();
});

/** A desk whose first sync brought the queues (and `backlog`), then went online, watching settlement. */
async function syncedDesk(backlog: Ticket[] = []): Promise<WatchedDesk> {
  const desk = new WatchedDesk(new Date(start), { wertpapiere: ['ro'] });
  opened.push(desk);
  desk.apply('snapshot', [...[settlement, custody, helpdesk].map((data) => ({ entity: 'queue' as const, data })), ...backlog.map((data) => ({ entity: 'ticket' as const, data }))]);
  expect(await desk.service.setWatch(settlement.id, true)).toMatchObject({ ok: true });
  desk.setStatus(online(desk.clock));
  return desk;
}

describe('notices of new tickets in watched queues', () => {
  it('tells a ticket created by someone else in a watched queue once, with number and title; not the first sync\'s backlog', async () => {
    const desk = await syncedDesk([ticketAt(settlement, 'Altbestand', earlier)]);
    expect(desk.notices).toEqual([]);

    desk.at('2026-12-01T09:01:00.000Z');
    desk.setStatus(syncing('log'));
    const ticket = desk.ticket(settlement, 'Depotübertrag hängt');
    desk.apply('log', [{ entity: 'ticket', data: ticket }]);
    desk.setStatus(online(desk.clock));
    expect(desk.notices).toEqual([
      { tag: `ticket:${ticket.id}`, kind: 'new-ticket', ticketId: ticket.id, title: 'Neues Ticket in Wertpapiere::Abwicklung', body: `${ticket.number} · Depotübertrag hängt` },
    ]);

    // The same ticket changed again, the minute's check, and a restart of the Desk: nothing more.
    desk.apply('log', [{ entity: 'ticket', data: { ...ticket, priority: 1, version: 2 } }]);
    desk.watcher.tick();
    desk.restart();
    desk.setStatus(syncing('log'));
    desk.setStatus(online(desk.clock));
    desk.apply('log', [{ entity: 'ticket', data: { ...ticket, priority: 2, version: 3 } }]);
    expect(desk.notices).toHaveLength(1);
  });

  it('says nothing of a queue not watched, of a ticket the agent created, or of one closed at once', async () => {
    const desk = await syncedDesk();
    desk.at('2026-12-01T09:02:00.000Z');
    desk.apply('log', [
      { entity: 'ticket', data: desk.ticket(custody, 'In der Verwahrung') },
      { entity: 'ticket', data: desk.ticket(settlement, 'Selbst angelegt', { createdBy: me }) },
      { entity: 'ticket', data: desk.ticket(settlement, 'Gleich erledigt', { state: 'closed-successful' }) },
    ]);
    expect(desk.notices).toEqual([]);
    // Watching custody now keeps its tickets so far untold; the next one is told, in English once the renderer says so.
    expect(await desk.service.setWatch(custody.id, true)).toMatchObject({ ok: true });
    expect(await desk.service.setLanguage('en')).toMatchObject({ ok: true, value: { language: 'en' } });
    desk.apply('log', [{ entity: 'ticket', data: desk.ticket(custody, 'Zweites in der Verwahrung') }]);
    expect(desk.notices.map((notice) => [notice.title, notice.body.split(' · ')[1]])).toEqual([['New ticket in Wertpapiere::Verwahrung', 'Zweites in der Verwahrung']]);
  });

  it('tells nothing during a resync; what it brought is passed over, what comes after is told', async () => {
    const desk = await syncedDesk();
    desk.at('2026-12-01T09:03:00.000Z');
    desk.setStatus(syncing('resync'));
    desk.apply('resync', [{ entity: 'ticket', data: desk.ticket(settlement, 'Während des Neuabgleichs') }]);
    desk.setStatus(online(desk.clock));
    expect(desk.notices).toEqual([]);
    desk.at('2026-12-01T09:04:00.000Z');
    desk.apply('log', [{ entity: 'ticket', data: desk.ticket(settlement, 'Danach') }]);
    expect(desk.notices.map((notice) => notice.body.split(' · ')[1])).toEqual(['Danach']);
  });

  it('passes over an event while its kind is off, and does not tell it later', async () => {
    const desk = await syncedDesk();
    expect(await desk.service.setKind('new-ticket', false)).toMatchObject({ ok: true, value: { kinds: { 'new-ticket': false, reminder: true, 'clock-warning': true } } });
    desk.at('2026-12-01T09:05:00.000Z');
    const quiet = desk.ticket(settlement, 'Still');
    desk.apply('log', [{ entity: 'ticket', data: quiet }]);
    await desk.service.setKind('new-ticket', true);
    desk.apply('log', [{ entity: 'ticket', data: { ...quiet, version: 2 } }]);
    expect(desk.notices).toEqual([]);
  });
});

describe('notices of reminders and clocks', () => {
  it('tells a reminder of the agent\'s own ticket once when it comes due, checked each minute', async () => {
    const desk = await syncedDesk();
    const ticket = desk.ticket(custody, 'Rückruf Frau Groß', { ...noClocks, state: 'pending-reminder', ownerId: me, pendingUntil: '2026-12-01T09:10:00.000Z' });
    const other = desk.ticket(custody, 'Erinnerung eines Kollegen', { ...noClocks, state: 'pending-reminder', ownerId: colleague, pendingUntil: '2026-12-01T09:10:00.000Z' });
    desk.apply('log', [{ entity: 'ticket', data: ticket }, { entity: 'ticket', data: other }]);
    desk.at('2026-12-01T09:09:00.000Z');
    desk.watcher.tick();
    expect(desk.notices).toEqual([]);
    desk.at('2026-12-01T09:10:30.000Z');
    desk.watcher.tick();
    desk.at('2026-12-01T09:11:30.000Z');
    desk.watcher.tick();
    // The colleague's ticket is in custody, which sobrien does not watch.
    expect(desk.notices).toEqual([{ tag: `reminder:${ticket.id}:2026-12-01T09:10:00.000Z`, kind: 'reminder', ticketId: ticket.id, title: 'Erinnerung fällig', body: `${ticket.number} · Rückruf Frau Groß` }]);
  });

  it('does not tell a reminder that was due before the watcher started', async () => {
    const overdue = ticketAt(settlement, 'Längst fällig', earlier, { ...noClocks, state: 'pending-reminder', ownerId: me, pendingUntil: '2026-12-01T08:00:00.000Z' });
    const desk = await syncedDesk([overdue]);
    desk.at('2026-12-01T09:30:00.000Z');
    desk.watcher.tick();
    expect(desk.notices).toEqual([]);
  });

  it('tells a clock of the agent\'s own ticket entering warning once, and the next update cycle\'s warning again', async () => {
    const desk = await syncedDesk();
    const running = { updateStartedAt: '2026-12-01T08:00:00.000Z', updateWarnAt: '2026-12-01T09:12:00.000Z', updateDue: '2026-12-01T09:30:00.000Z', updateWarned: false, updateAnswered: false };
    const ticket = desk.ticket(custody, 'Zinsgutschrift fehlt', { ...noClocks, ...running, state: 'open', ownerId: me });
    const notMine = desk.ticket(custody, 'Nicht meins', { ...noClocks, ...running, state: 'open', ownerId: colleague });
    desk.apply('log', [{ entity: 'ticket', data: ticket }, { entity: 'ticket', data: notMine }]);
    desk.at('2026-12-01T09:11:00.000Z');
    desk.watcher.tick();
    expect(desk.notices).toEqual([]);
    desk.at('2026-12-01T09:12:00.000Z');
    desk.watcher.tick();
    // The server's timer flags it; the feed brings that: no second notice.
    desk.apply('log', [{ entity: 'ticket', data: { ...ticket, updateWarned: true, version: 2 } }]);
    desk.at('2026-12-01T09:13:00.000Z');
    desk.watcher.tick();
    expect(desk.notices).toHaveLength(1);
    expect(desk.notices[0]).toMatchObject({ tag: `clock:${ticket.id}:update`, kind: 'clock-warning', ticketId: ticket.id, title: 'Warnung: Aktualisierung' });
    expect(desk.notices[0]?.body).toMatch(new RegExp(`^${ticket.number} · Zinsgutschrift fehlt \\(fällig 01\\.12\\., \\d\\d:30\\)$`, 'u'));

    // The agent answered; the customer wrote again: a new cycle, which enters warning in its turn.
    desk.at('2026-12-01T09:20:00.000Z');
    desk.apply('log', [{ entity: 'ticket', data: { ...ticket, ...noClocks, updateAnswered: true, version: 3 } }]);
    desk.at('2026-12-01T10:00:00.000Z');
    desk.apply('log', [{ entity: 'ticket', data: { ...ticket, updateStartedAt: '2026-12-01T10:00:00.000Z', updateWarnAt: '2026-12-01T10:30:00.000Z', updateDue: '2026-12-01T11:00:00.000Z', version: 4 } }]);
    desk.at('2026-12-01T10:31:00.000Z');
    desk.watcher.tick();
    expect(desk.notices.map((notice) => notice.tag)).toEqual([`clock:${ticket.id}:update`, `clock:${ticket.id}:update`]);
  });
});

describe('what a check reads', () => {
  const warning = (warnAt: string, due: string): Partial<Ticket> => ({ updateStartedAt: '2026-12-01T08:00:00.000Z', updateWarnAt: warnAt, updateDue: due, updateWarned: false, updateAnswered: false });

  it('reads only what is not remembered yet: a new ticket, reminder or warning told is not read again, a reminder set anew is', async () => {
    const desk = await syncedDesk();
    desk.at('2026-12-01T09:05:00.000Z');
    const fresh = desk.ticket(settlement, 'Neu in der Abwicklung', noClocks);
    const reminder = desk.ticket(custody, 'Rückruf', { ...noClocks, state: 'pending-reminder', ownerId: me, pendingUntil: '2026-12-01T09:10:00.000Z' });
    const warned = desk.ticket(custody, 'Warnung', { ...noClocks, ...warning('2026-12-01T09:12:00.000Z', '2026-12-01T09:30:00.000Z'), state: 'open', ownerId: me });
    desk.apply('log', [fresh, reminder, warned].map((data) => ({ entity: 'ticket' as const, data })));
    // The new ticket was told as it came; the reminder and the warning are due later.
    expect(desk.notices.map((notice) => notice.tag)).toEqual([`ticket:${fresh.id}`]);
    desk.at('2026-12-01T09:15:00.000Z');
    const finder = new NoticeFinder(desk.db, me);
    const tags = (): string[] => finder.events(desk.clock, start).map((event) => event.tag).sort();
    expect(tags()).toEqual([`clock:${warned.id}:update`, `reminder:${reminder.id}:2026-12-01T09:10:00.000Z`]);
    desk.watcher.tick();
    expect(desk.notices).toHaveLength(3);
    expect(tags()).toEqual([]);
    // Set again to an instant already past: told as the feed brings it, as a reminder of its own.
    desk.apply('log', [{ entity: 'ticket', data: { ...reminder, pendingUntil: '2026-12-01T09:14:00.000Z', version: 2 } }]);
    expect(desk.notices.map((notice) => notice.tag).at(-1)).toBe(`reminder:${reminder.id}:2026-12-01T09:14:00.000Z`);
    expect(desk.notices).toHaveLength(4);
    expect(tags()).toEqual([]);
    // Each statement seeks its index, in a cache without statistics as every Desk's is.
    expect(finder.plans()).toEqual([
      expect.stringMatching(/^SCAN w; (.*; )?SEARCH t USING INDEX tickets_queue \(queue_id=\? AND updated_at>\?\)/u),
      expect.stringMatching(/^SEARCH t USING INDEX tickets_reminders \(pending_until<\?\)/u),
      expect.stringMatching(/^SEARCH t USING INDEX tickets_open_owner \(owner_id=\?\)/u),
    ]);
  });

  it('never waits on the main thread while the sync thread writes: what it found is told once the cache is free', async () => {
    const desk = await syncedDesk();
    const reminder = desk.ticket(custody, 'Rückruf während des Syncs', { ...noClocks, state: 'pending-reminder', ownerId: me, pendingUntil: '2026-12-01T09:10:00.000Z' });
    desk.apply('log', [{ entity: 'ticket', data: reminder }]);
    // The sync thread's connection holds the write lock (a page or an index batch being stored).
    const sync = new Database(path.join(desk.dir, cacheFileName(me)));
    try {
      sync.exec('BEGIN IMMEDIATE');
      desk.at('2026-12-01T09:11:00.000Z');
      const started = performance.now();
      desk.watcher.tick();
      expect(performance.now() - started).toBeLessThan(500);
      expect(desk.notices).toEqual([]);
      sync.exec('COMMIT');
      await until(() => desk.notices.length > 0, 'the reminder told once the cache is free');
      expect(desk.notices.map((notice) => notice.tag)).toEqual([`reminder:${reminder.id}:2026-12-01T09:10:00.000Z`]);
    } finally {
      sync.close();
    }
  });

  it('finds a clock whose warning instant is now, written without fractions of a second', async () => {
    const desk = await syncedDesk();
    const ticket = desk.ticket(custody, 'Warnung ohne Millisekunden', { ...noClocks, ...warning('2026-12-01T09:12:00Z', '2026-12-01T09:30:00Z'), state: 'open', ownerId: me });
    desk.apply('log', [{ entity: 'ticket', data: ticket }]);
    desk.at('2026-12-01T09:12:00.000Z');
    desk.watcher.tick();
    expect(desk.notices.map((notice) => notice.tag)).toEqual([`clock:${ticket.id}:update`]);
  });
});

describe('the settings', () => {
  it('start with every kind on and no queue watched, list only readable queues, and refuse to watch another', async () => {
    const desk = new WatchedDesk(new Date(start), { wertpapiere: ['ro'] });
    opened.push(desk);
    desk.apply('snapshot', [helpdesk, custody, settlement].map((data) => ({ entity: 'queue' as const, data })));
    expect(desk.service.settings()).toEqual({
      ok: true,
      value: {
        kinds: { 'new-ticket': true, reminder: true, 'clock-warning': true },
        queues: [
          { queueId: settlement.id, name: 'Wertpapiere::Abwicklung', watched: false },
          { queueId: custody.id, name: 'Wertpapiere::Verwahrung', watched: false },
        ],
        language: 'de',
      },
    });
    expect(await desk.service.setWatch(helpdesk.id, true)).toMatchObject({ ok: false, error: { reason: 'not-found' } });
    expect(await desk.service.setWatch(custody.id, true)).toMatchObject({ ok: true, value: { queues: [{ watched: false }, { watched: true }] } });
    desk.restart();
    expect(await desk.service.setWatch(custody.id, false)).toMatchObject({ ok: true, value: { queues: [{ watched: false }, { watched: false }] } });
  });

  it('are written while the sync thread holds the cache\'s write lock without stopping the main thread', async () => {
    const desk = new WatchedDesk(new Date(start), { wertpapiere: ['ro'] });
    opened.push(desk);
    desk.apply('snapshot', [custody].map((data) => ({ entity: 'queue' as const, data })));
    const file = path.join(desk.dir, cacheFileName(me));
    const watched = await whileTheSyncWrites(file, () => desk.service.setWatch(custody.id, true));
    const kind = await whileTheSyncWrites(file, () => desk.service.setKind('reminder', false));
    const language = await whileTheSyncWrites(file, () => desk.service.setLanguage('en'));
    expect(language.value).toMatchObject({ ok: true, value: { kinds: { reminder: false }, queues: [{ watched: true }], language: 'en' } });
    expect([watched, kind].map((done) => done.value.ok)).toEqual([true, true]);
    // About 40 turns of 5 ms in 200 ms each; a main thread asleep in SQLite's busy handler turns none.
    expect(Math.min(watched.turns, kind.turns, language.turns)).toBeGreaterThan(10);
  });
});
