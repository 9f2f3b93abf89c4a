import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../../src-shared/limits.js';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../harness/smtp-receiver.js';
import { addArticle, expectApplied, expectRejected, inspect, send, ticketRow } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { customer, customerTicket, mailSection, outboxOf, parseMail, startMailServer, until } from './support.js';

// An agent's e-mail reply to addresses they name (to and cc), read back from a real SMTP
// receiver: every address gets it, with the last customer message quoted and the queue's signature.
describe('recipients of an e-mail reply', () => {
  let receiver: SmtpReceiver;
  let running: ServerOnTestDatabase;
  let db: pg.Pool;
  let token: string;
  const siobhan = customer('soconnor');

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    running = await startMailServer(mailSection(receiver, { signatures: { ServiceLine: 'Ihr ServiceLine-Team\nBeispielbank AG' } }));
    db = inspect(running.database.url);
    token = await tokenFor(running.url, 'mmueller');
  });
  afterAll(async () => {
    await db.end();
    await running.close();
    await receiver.stop();
  });

  async function ticketWithCustomerMessage(): Promise<{ ticketId: string; number: string }> {
    const create = customerTicket(siobhan.id);
    expectApplied((await send(running.url, token, create))[0]);
    expectApplied(
      (await send(running.url, token, addArticle(create.ticketId, { channel: 'email', visibility: 'customer-visible', sender: 'customer', subject: 'Nachfrage', body: 'Bitte auch an meine Kollegin.' })))[0],
    );
    return { ticketId: create.ticketId, number: String((await ticketRow(db, create.ticketId))['number']) };
  }

  const reply = (recipients: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    channel: 'email',
    visibility: 'customer-visible',
    sender: 'agent',
    subject: 'Ihr Depotauszug',
    body: 'Der Auszug ist unterwegs.',
    recipients,
    ...overrides,
  });

  it('sends the reply to every address in to and cc, quoting the last customer message, with the queue signature', async () => {
    const { ticketId, number } = await ticketWithCustomerMessage();
    const to = ['kollegin@kunde.example', siobhan.email];
    const cc = ['revision@kunde.example'];
    expectApplied((await send(running.url, token, addArticle(ticketId, reply({ to, cc }))))[0]);
    const queued = (await outboxOf(db, ticketId)).at(-1);
    expect(queued?.kind).toBe('agent-reply');
    let message: SmtpReceiver['messages'][number] | undefined;
    await until('the reply arrived', async () => {
      for (const candidate of receiver.messages) if ((await parseMail(candidate.raw)).messageId === queued?.message_id) message = candidate;
      return message !== undefined;
    });
    if (!message) throw new Error('unreachable');
    // The envelope reaches every address; the headers name them as the agent did.
    expect([...message.rcptTo].sort()).toEqual([...to, ...cc].sort());
    const mail = await parseMail(message.raw);
    const addresses = (field: typeof mail.to): string[] => (field && !Array.isArray(field) ? field.value.map((entry) => entry.address ?? '') : []);
    expect(addresses(mail.to)).toEqual(to);
    expect(addresses(mail.cc)).toEqual(cc);
    // The customer user keeps their name when the agent names their address.
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[1] : null).toEqual({ name: siobhan.displayName, address: siobhan.email });
    expect(mail.subject).toBe(`[Ticket#${number}] Ihr Depotauszug`);
    expect(mail.text).toMatch(/^Der Auszug ist unterwegs\.\n\n-- \nIhr ServiceLine-Team\nBeispielbank AG\n\nAm .+ schrieb Siobhán O'Connor:\n> Bitte auch an meine Kollegin\.\n/u);
    // Who got it stays in the ticket's history, with the article that went out.
    const history = await db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM ticket_history WHERE ticket_id = $1 AND event = 'article-added' ORDER BY id DESC LIMIT 1`,
      [ticketId],
    );
    expect(history.rows[0]?.data['recipients']).toEqual({ to, cc });
  });

  it('refuses recipients on an article that is not an e-mail reply, and more addresses than allowed', async () => {
    const { ticketId } = await ticketWithCustomerMessage();
    const before = (await outboxOf(db, ticketId)).length;
    const onPhone = expectRejected((await send(running.url, token, addArticle(ticketId, reply({ to: ['a@kunde.example'] }, { channel: 'phone' }))))[0], 'invalid-args');
    expect(onPhone).toMatch(/recipients/u);
    expectRejected((await send(running.url, token, addArticle(ticketId, reply({ to: ['a@kunde.example'] }, { visibility: 'internal', channel: 'email' }))))[0], 'invalid-args');
    expectRejected((await send(running.url, token, addArticle(ticketId, reply({ to: ['a@kunde.example'] }, { sender: 'customer' }))))[0], 'invalid-args');
    const many = Array.from({ length: limits.emailRecipientsPerArticle + 1 }, (_, index) => `kunde${index}@kunde.example`);
    expectRejected((await send(running.url, token, addArticle(ticketId, reply({ to: many }))))[0], 'invalid-args');
    const together = expectRejected(
      (await send(running.url, token, addArticle(ticketId, reply({ to: many.slice(0, 10), cc: many.slice(10) }))))[0],
      'invalid-args',
    );
    expect(together).toMatch(new RegExp(`at most ${limits.emailRecipientsPerArticle} addresses`, 'u'));
    expectRejected((await send(running.url, token, addArticle(ticketId, reply({ to: [] }))))[0], 'invalid-args');
    expectRejected((await send(running.url, token, addArticle(ticketId, reply({ to: ['nicht eine Adresse'] }))))[0], 'invalid-args');
    expect(await outboxOf(db, ticketId)).toHaveLength(before);
  });
});
