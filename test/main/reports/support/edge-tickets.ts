import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { bankQueue } from '../../../../src-shared/node/bank/index.js';
import { expectApplied, mutation, send } from '../../../server/mutations/support.js';
import { signIn } from '../../../server/support/http.js';
import type { SeededBank } from './seeded-bank.js';

/**
 * Hours a report gets wrong when it takes a Berlin day as 24 hours or a fixed offset: the last
 * hour of the 25-hour Sunday when the clocks go back, the first hours of the days after a change.
 * The generated bank is quiet at night, so these tickets are written there on purpose.
 */
export const edgeHours = [
  { name: 'Sunday 25 October, 23:00 CET (the 25th hour of the day)', from: '2026-10-25T22:00:00Z', to: '2026-10-25T23:00:00Z' },
  { name: 'Monday 19 October, 00:00 CEST (the DST-end week begins)', from: '2026-10-18T22:00:00Z', to: '2026-10-18T23:00:00Z' },
  { name: 'Monday 30 March, 00:00 CEST (the week after the change begins)', from: '2026-03-29T22:00:00Z', to: '2026-03-29T23:00:00Z' },
  { name: 'Sunday 29 March, 00:00 CET (the 23-hour day begins)', from: '2026-03-28T23:00:00Z', to: '2026-03-29T00:00:00Z' },
] as const;

/** Tickets written at the edge hours: each created there, half of them closed and booked there, the rest left open. */
export const edgeTickets = edgeHours.length * 2;

/**
 * Writes them through the real mutations with the server's clock moved to each instant (a fresh
 * session each time: a session's idle timeout counts on the same clock), then puts the clock back
 * to the seed's end and lets the SLA timer record what fell due meanwhile.
 */
export async function writeEdgeTickets(seeded: SeededBank, username: string): Promise<void> {
  const end = seeded.clock.now;
  const versionOf = async (ticketId: string): Promise<number> => (await seeded.db.query<{ version: number }>('SELECT version FROM tickets WHERE id = $1', [ticketId])).rows[0]?.version ?? 0;
  const at = async (instant: number, ...mutations: ReturnType<typeof mutation>[]): Promise<void> => {
    seeded.clock.now = new Date(instant);
    const { token } = await signIn(seeded.server.url, username);
    for (const result of await send(seeded.server.url, token, ...mutations)) expectApplied(result);
  };
  try {
    for (const [index, hour] of edgeHours.entries()) {
      const start = Date.parse(hour.from);
      expect(Date.parse(hour.to) - start).toBe(3_600_000);
      const open = randomUUID();
      const closed = randomUUID();
      const article = { articleId: randomUUID(), channel: 'phone', visibility: 'internal', sender: 'agent', subject: 'Anruf', body: 'Kunde ruft nachts an.' };
      const create = (ticketId: string, title: string) => mutation('ticket.create', {
        ticketId, queueId: bankQueue('ServiceLine').id, title, type: 'incident', customerUserId: null, article: { ...article, articleId: randomUUID() },
      });
      await at(start + 5 * 60_000, create(open, `Nachtanruf ${String(index + 1)}: Zugang gesperrt`));
      await at(start + 10 * 60_000, create(closed, `Nachtanruf ${String(index + 1)}: Rückfrage erledigt`));
      await at(start + 20 * 60_000, mutation('ticket.accountTime', { ticketId: closed, entryId: randomUUID(), minutes: 10, note: 'Nachtdienst' }, await versionOf(closed)));
      await at(start + 30 * 60_000, mutation('ticket.setState', { ticketId: closed, state: 'closed-successful', pendingUntil: null }, await versionOf(closed)));
    }
  } finally {
    seeded.clock.now = end;
  }
  await seeded.server.server.slaTimer.runNow();
}
