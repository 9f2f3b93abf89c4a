import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../harness/smtp-receiver.js';
import { expectApplied, inspect, send } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { customer, customerTicket, LogLines, mailSection, outboxOf, startMailServer, until } from './support.js';

const relayPassword = 'S3cret-Relay-Passw0rd';

// A relay that offers STARTTLS with the run's test certificate and wants a login, as a bank's
// relay does: the server upgrades, verifies against the configured CA, logs in, and never
// writes the password anywhere, not even when the relay refuses it.
describe('mail out over STARTTLS with a login', () => {
  let receiver: SmtpReceiver;
  const servers: ServerOnTestDatabase[] = [];
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    const pki = inject('pki');
    receiver = await startSmtpReceiver({ tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile }, auth: { user: 'kontor', password: relayPassword } });
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await Promise.all(servers.map((server) => server.close()));
    await receiver.stop();
  });

  async function serverWith(smtp: Record<string, unknown>, log: LogLines): Promise<{ url: string; db: pg.Pool }> {
    const running = await startMailServer(mailSection(receiver, { smtp: { host: receiver.host, port: receiver.port, ...smtp } }), log);
    servers.push(running);
    const db = inspect(running.database.url);
    pools.push(db);
    return { url: running.url, db };
  }

  async function createTicket(url: string): Promise<string> {
    const create = customerTicket(customer('soconnor').id);
    expectApplied((await send(url, await tokenFor(url, 'mmueller'), create))[0]);
    return create.ticketId;
  }

  const expectNoPassword = (log: LogLines): void => expect(JSON.stringify(log.lines)).not.toContain(relayPassword);

  it('upgrades with STARTTLS, verifies the relay against the CA, logs in and delivers', async () => {
    const log = new LogLines();
    const { url, db } = await serverWith({ requireTls: true, caFile: inject('pki').caFile, user: 'kontor', password: relayPassword }, log);
    const ticketId = await createTicket(url);
    const [message] = await receiver.waitForMessages(1);
    expect(message).toMatchObject({ secure: true, user: 'kontor', rcptTo: [customer('soconnor').email] });
    await until('marked sent', async () => (await outboxOf(db, ticketId))[0]?.sent_at !== null);
    expectNoPassword(log);
  });

  it('refuses a relay whose certificate the configured CA did not sign, and says so once', async () => {
    const log = new LogLines();
    const { url, db } = await serverWith({ requireTls: true, caFile: inject('pki').foreignCaFile, user: 'kontor', password: relayPassword }, log);
    const ticketId = await createTicket(url);
    await until('the failed upgrade is kept with the mail', async () => (await outboxOf(db, ticketId))[0]?.last_error !== null);
    expect((await outboxOf(db, ticketId))[0]).toMatchObject({ sent_at: null, attempts: 0 });
    expect((await outboxOf(db, ticketId))[0]?.last_error).toMatch(/certificate/iu);
    expect(log.withMessage(/^cannot hand mail to the SMTP relay/u)).toHaveLength(1);
    expectNoPassword(log);
  });

  it('treats a refused login as an outage and never writes the password into the log or the outbox', async () => {
    const log = new LogLines();
    const wrong = `${relayPassword}-wrong`;
    const { url, db } = await serverWith({ requireTls: true, caFile: inject('pki').caFile, user: 'kontor', password: wrong }, log);
    const ticketId = await createTicket(url);
    await until('the refused login is kept with the mail', async () => (await outboxOf(db, ticketId))[0]?.last_error !== null);
    const [row] = await outboxOf(db, ticketId);
    expect(row?.last_error).toMatch(/^EAUTH/u);
    expect(row?.last_error).not.toContain(wrong);
    expect(JSON.stringify(log.lines)).not.toContain(wrong);
    expect(log.withMessage(/^cannot hand mail to the SMTP relay/u)).toHaveLength(1);
  });
});
