import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { simpleParser, type ParsedMail } from 'mailparser';
import type pg from 'pg';
import { expect, inject } from 'vitest';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import { syncDirectory } from '../../../src-server/directory-sync/sync-directory.js';
import type { Database } from '../../../src-server/db/database.js';
import { testCustomers, testDirectoryConfig } from '../../harness/directory.js';
import { testRoles, startServerOnFreshDatabase, type ServerConfigOverrides, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import type { SmtpReceiver } from '../../harness/smtp-receiver.js';
import { createTicket, testQueues } from '../mutations/support.js';

export const serviceAddress = 'service@bank.example';

/** The mail section for a receiver of this file: plain SMTP on loopback, quick intervals. */
export function mailSection(receiver: Pick<SmtpReceiver, 'host' | 'port'>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    from: `Kontor Service <${serviceAddress}>`,
    smtp: { host: receiver.host, port: receiver.port, secure: false, requireTls: false },
    sendIntervalSeconds: 1,
    retryInitialSeconds: 1,
    maxAttempts: 3,
    ...extra,
  };
}

/** Log lines of a server, parsed (pino writes one JSON object a line). */
export class LogLines {
  readonly lines: Record<string, unknown>[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') this.lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });

  withMessage(pattern: RegExp): Record<string, unknown>[] {
    return this.lines.filter((line) => typeof line['msg'] === 'string' && pattern.test(line['msg']));
  }
}

/** A server on a fresh database with the test queues, customer users synced from the run's slapd, logging into `log`. */
export async function startMailServer(mail: Record<string, unknown> | undefined, log = new LogLines(), overrides: ServerConfigOverrides = {}): Promise<ServerOnTestDatabase> {
  const running = await startServerOnFreshDatabase(
    { queues: testQueues, ...(mail ? { mail } : {}), logging: { level: 'info' }, ...overrides },
    { logStream: log.stream },
  );
  try {
    await syncCustomers(running.server.db);
    return running;
  } catch (error) {
    await running.close();
    throw error;
  }
}

/** Customer users and their e-mail addresses into the database, as the scheduled directory sync does. */
export async function syncCustomers(db: Database): Promise<void> {
  const ldap = inject('ldap');
  const directory = createDirectory(testDirectoryConfig(), { dn: ldap.serviceDn, password: ldap.servicePassword });
  try {
    const result = await syncDirectory(db, directory, { roles: testRoles }, () => new Date());
    if (!result.ok) throw new Error(`directory sync failed: ${result.message}`);
  } finally {
    await directory.close();
  }
}

/** A customer of the generated directory by key (every one has an e-mail address). */
export function customer(key: string): (typeof testCustomers)[number] {
  const found = testCustomers.find((entry) => entry.key === key);
  if (!found) throw new Error(`no test customer ${key}`);
  return found;
}

/** A phone ticket in ServiceLine for a customer user, its first article what the customer said. */
export function customerTicket(customerUserId: string, overrides: Record<string, unknown> = {}): ReturnType<typeof createTicket> {
  return createTicket('ServiceLine', {
    customerUserId,
    title: 'Depotauszug fehlt',
    article: {
      articleId: randomUUID(),
      channel: 'phone',
      visibility: 'customer-visible',
      sender: 'customer',
      subject: 'Anruf',
      body: 'Der Depotauszug für März ist nicht angekommen.',
    },
    ...overrides,
  });
}

export interface OutboxRow {
  id: string;
  ticket_id: string;
  kind: string;
  language: string;
  subject: string;
  message_id: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  gave_up_at: Date | null;
  claimed_until: Date | null;
}

export async function outboxOf(db: pg.Pool, ticketId?: string): Promise<OutboxRow[]> {
  const result = await db.query<OutboxRow>(
    `SELECT id, ticket_id, kind, language, subject, message_id, attempts, last_error, sent_at, gave_up_at, claimed_until FROM mail_outbox
     ${ticketId === undefined ? '' : 'WHERE ticket_id = $1'} ORDER BY seq`,
    ticketId === undefined ? [] : [ticketId],
  );
  return result.rows;
}

export function parseMail(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw);
}

/** The Message-ID of every received message, counted: each must be there exactly once. */
export async function messageIdCounts(raws: readonly Buffer[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const raw of raws) {
    const parsed = await parseMail(raw);
    const id = parsed.messageId ?? '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export function expectEachOnce(counts: ReadonlyMap<string, number>, expected: readonly string[]): void {
  expect([...counts.keys()].sort()).toEqual([...expected].sort());
  for (const [id, count] of counts) expect(count, id).toBe(1);
}

/** Polls `condition` until it holds (the sender works in the background); throws after `withinMs`. */
export async function until(what: string, condition: () => boolean | Promise<boolean>, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The mail with this Message-ID the receiver got, parsed; waits for it (the sender works in the background). */
export async function receivedMail(receiver: Pick<SmtpReceiver, 'messages'>, messageId: string): Promise<ParsedMail> {
  let found: ParsedMail | undefined;
  await until(`mail ${messageId} arrived`, async () => {
    for (const message of receiver.messages) {
      const parsed = await parseMail(message.raw);
      if (parsed.messageId === messageId) found = parsed;
    }
    return found !== undefined;
  });
  if (!found) throw new Error(`mail ${messageId} vanished`);
  return found;
}
