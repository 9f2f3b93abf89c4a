import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { inject } from 'vitest';
import type { Database, Queryable } from '../../../src-server/db/database.js';
import { mailInConfigSchema, type MailInConfig, type MailInConfigInput } from '../../../src-server/mail-in/config.js';
import type { MailInLog } from '../../../src-server/mail-in/log.js';
import type { HandOverResult, InboundFollowUp, InboundMailTarget, InboundNewTicket } from '../../../src-server/mail-in/target.js';
import type { Queue } from '../../../src-shared/sync/entities.js';
import { startDovecot, type TestDovecot } from '../../harness/dovecot.js';
import { createCustomerTicket, openSyncDatabase, type SyncDatabase } from '../directory-sync/support.js';
import { createQueue } from '../feed/support/domain.js';
import { temporaryDirectory } from '../support/temporary.js';

/** Customer users of the test bank: two at Globex, one at Initech. */
export const customers = {
  anna: { id: 'cu-anna', email: 'Anna.Adler@globex.example', institutionId: 'globex' },
  bruno: { id: 'cu-bruno', email: 'bruno.berg@globex.example', institutionId: 'globex' },
  clara: { id: 'cu-clara', email: 'clara.conrad@initech.example', institutionId: 'initech' },
} as const;

/** A log that keeps every line, to assert what was reported (and what never was). */
export class RecordingLog implements MailInLog {
  readonly lines: { level: 'info' | 'warn'; message: string; fields: object }[] = [];
  info(fields: object, message: string): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(fields: object, message: string): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  warnings(): string[] {
    return this.lines.filter((line) => line.level === 'warn').map((line) => line.message);
  }
  text(): string {
    return JSON.stringify(this.lines);
  }
}

/**
 * The ticket side as a small stand-in for the server's mutations: it writes real rows (ticket,
 * article, attachments) in the transaction it is given, and counts its calls, so that a test
 * sees exactly what mail-in handed over and how often. `failNext` makes the next call throw
 * after it wrote, to show the hand-over is rolled back.
 */
export class DatabaseTarget implements InboundMailTarget {
  readonly calls: ({ kind: 'follow-up'; mail: InboundFollowUp } | { kind: 'new-ticket'; mail: InboundNewTicket })[] = [];
  failNext: string | null = null;

  constructor(private readonly queues: ReadonlyMap<string, Queue>) {}

  async createTicket(tx: Queryable, mail: InboundNewTicket): Promise<HandOverResult> {
    const queue = this.queues.get(mail.queue);
    if (queue === undefined) throw new Error(`no queue ${mail.queue}`);
    const ticketId = randomUUID();
    const number = await nextNumber(tx);
    await tx.query(
      `INSERT INTO tickets (id, number, title, queue_id, type, state, priority, customer_user_id, institution_id, created_at, created_by, updated_at)
       VALUES ($1, $2, $3, $4, 'incident', 'new', 3, $5, $6, now(), 'mail-in', now())`,
      [ticketId, number, mail.subject || '(ohne Betreff)', queue.id, mail.customer?.customerUserId ?? null, mail.customer?.institutionId ?? null],
    );
    const articleId = await this.writeArticle(tx, ticketId, mail);
    this.calls.push({ kind: 'new-ticket', mail });
    this.maybeFail();
    return { ticketId, articleId };
  }

  async followUp(tx: Queryable, mail: InboundFollowUp): Promise<HandOverResult> {
    const found = await tx.query<{ id: string }>('SELECT id FROM tickets WHERE number = $1', [mail.ticketNumber]);
    const ticketId = found.rows[0]?.id;
    if (ticketId === undefined) throw new Error(`no ticket ${mail.ticketNumber}`);
    await tx.query("UPDATE tickets SET state = 'open' WHERE id = $1 AND state LIKE 'closed%'", [ticketId]);
    const articleId = await this.writeArticle(tx, ticketId, mail);
    this.calls.push({ kind: 'follow-up', mail });
    this.maybeFail();
    return { ticketId, articleId };
  }

  private maybeFail(): void {
    if (this.failNext === null) return;
    const message = this.failNext;
    this.failNext = null;
    throw new Error(message);
  }

  private async writeArticle(tx: Queryable, ticketId: string, mail: InboundNewTicket | InboundFollowUp): Promise<string> {
    const articleId = randomUUID();
    await tx.query(
      `INSERT INTO articles (id, ticket_id, channel, visibility, sender, author_id, subject, body, created_at, performed_at)
       VALUES ($1, $2, 'email', 'customer-visible', 'customer', $3, $4, $5, now(), $6)`,
      [articleId, ticketId, mail.customer?.customerUserId ?? null, mail.subject, mail.html ?? mail.text, mail.receivedAt],
    );
    for (const attachment of mail.attachments) {
      await tx.query(
        'INSERT INTO attachments (id, article_id, ticket_id, filename, content_type, size, sha256, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [randomUUID(), articleId, ticketId, attachment.filename, attachment.contentType, attachment.size, createHash('sha256').update(attachment.content).digest('hex'), attachment.content],
      );
    }
    return articleId;
  }
}

async function nextNumber(tx: Queryable): Promise<string> {
  const result = await tx.query<{ last_value: number }>(
    `INSERT INTO ticket_number_counters (day, last_value) VALUES ('2026-12-02', 1)
     ON CONFLICT (day) DO UPDATE SET last_value = ticket_number_counters.last_value + 1 RETURNING last_value`,
  );
  return `20261202${String(result.rows[0]?.last_value ?? 0).padStart(6, '0')}`;
}

/** One test file's world: a database with queues and customers, a dovecot with two queue mailboxes. */
export interface MailInWorld {
  sync: SyncDatabase;
  db: Database;
  dovecot: TestDovecot;
  queues: Map<string, Queue>;
  /** The config entry of a dovecot user's mailbox as address `user@bank.example` (IMAP with STARTTLS), `imap` fields replaced. */
  mailbox(user: string, queue: string, imap?: Partial<MailboxInput['imap']>): MailboxInput;
  /** A mail-in config for the Servicedesk and Wertpapiere mailboxes, with `overrides` on top. */
  config(overrides?: Partial<MailInConfigInput>): MailInConfig;
  /** A ticket of `customer` in Servicedesk, as the mutations would have written it; its number. */
  ticketOf(customer: { id: string; institutionId: string }): Promise<string>;
  close(): Promise<void>;
}

export const queueAddresses = { Servicedesk: 'servicedesk@bank.example', Wertpapiere: 'wertpapiere@bank.example' } as const;

type MailboxInput = MailInConfigInput['mailboxes'][number];

/** `users` are the dovecot mailboxes besides servicedesk and wertpapiere. */
export async function openMailInWorld(users: readonly string[] = []): Promise<MailInWorld> {
  const sync = await openSyncDatabase();
  const { db } = sync;
  const queues = new Map<string, Queue>();
  for (const [name, group] of [['Servicedesk', 'serviceline'], ['Wertpapiere', 'wertpapiere'], ['Unbekannte Absender', 'serviceline']] as const) {
    queues.set(name, await createQueue(db, name, group));
  }
  await db.exec(`INSERT INTO institutions (id, name) VALUES ('globex', 'Globex Bank'), ('initech', 'Initech Sparkasse')`);
  for (const customer of Object.values(customers)) {
    await db.query('INSERT INTO customer_users (id, username, display_name, email, institution_id) VALUES ($1, $2, $3, $4, $5)', [
      customer.id, customer.id, customer.id, customer.email, customer.institutionId,
    ]);
  }
  const dovecotDir = temporaryDirectory('kontor-dovecot-');
  const dovecot = await startDovecot(dovecotDir, inject('pki'), ['servicedesk', 'wertpapiere', ...users]);
  const mailbox = (user: string, queue: string, imap: Partial<MailboxInput['imap']> = {}): MailboxInput => ({
    address: `${user}@bank.example`, queue,
    // dovecot offers STARTTLS and imapflow takes it: verified against the test CA.
    imap: { host: dovecot.host, port: dovecot.imapPort, secure: false, caFile: inject('pki').caFile, user, password: dovecot.passwords[user] ?? '', ...imap },
  });
  return {
    sync, db, dovecot, queues, mailbox,
    config: (overrides = {}) => mailInConfigSchema.parse({
      mailboxes: [mailbox('servicedesk', 'Servicedesk'), mailbox('wertpapiere', 'Wertpapiere')],
      ...overrides,
    }),
    async ticketOf(customer) {
      const queue = queues.get('Servicedesk');
      if (queue === undefined) throw new Error('no Servicedesk queue');
      const id = await createCustomerTicket(db, queue, { customerUserId: customer.id, institutionId: customer.institutionId });
      const row = await db.query<{ number: string }>('SELECT number FROM tickets WHERE id = $1', [id]);
      return row.rows[0]?.number ?? '';
    },
    async close() {
      await dovecot.stop();
      await sync.close();
      if (!process.env['KONTOR_KEEP_TEST_DIRS']) rmSync(dovecotDir, { recursive: true, force: true });
    },
  };
}

/** A mail as a customer's program writes it; headers given replace or add to the usual ones. */
export function customerMail(options: { from: string; subject: string; body?: string; headers?: Record<string, string>; to?: string; messageId?: string }): string {
  const headers: Record<string, string> = {
    From: options.from,
    To: options.to ?? 'servicedesk@bank.example',
    Subject: options.subject,
    Date: 'Wed, 02 Dec 2026 09:15:00 +0100',
    'Message-ID': options.messageId ?? `<${randomUUID()}@mail.example>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...options.headers,
  };
  return `${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${(options.body ?? 'Guten Tag,\nbitte um Rückruf.\n').replace(/\r?\n/gu, '\r\n')}`;
}

/** The stored mails of a mailbox, oldest first. */
export async function storedMails(db: Queryable, mailbox: string): Promise<{ id: string; uid: string; state: string; classification: { kind: string } | null; error: string | null; ticket_id: string | null; truncated: boolean }[]> {
  const result = await db.query<{ id: string; uid: string; state: string; classification: { kind: string } | null; error: string | null; ticket_id: string | null; truncated: boolean }>(
    'SELECT id::text, uid::text, state, classification, error, ticket_id, truncated FROM inbound_mails WHERE mailbox = $1 ORDER BY inbound_mails.id',
    [mailbox],
  );
  return result.rows;
}
