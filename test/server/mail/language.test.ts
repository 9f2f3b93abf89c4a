import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncDirectory } from '../../../src-server/directory-sync/sync-directory.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import { testDirectory, testDirectoryMapping } from '../../harness/directory.js';
import { startServerOnFreshDatabase, testRoles, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../harness/smtp-receiver.js';
import { LdifText } from '../directory-sync/support.js';
import { expectApplied, inspect, send, ticketRow, testQueues } from '../mutations/support.js';
import { tokenFor } from '../support/http.js';
import { temporaryDirectory } from '../support/temporary.js';
import { customer, customerTicket, mailSection, outboxOf, parseMail, until } from './support.js';

// The customer's language comes from the directory (preferredLanguage), through the directory
// sync, into the mail they get: English for `EN-gb`, German for `de-AT` and for none at all.
// The directory is the demo LDIF file, read by the server as the embedded default reads it.
describe('mail in the language the directory gives the customer', () => {
  const john = customer('jsmith');
  const siobhan = customer('soconnor');
  const priya = customer('ppatel');
  let receiver: SmtpReceiver;
  let running: ServerOnTestDatabase;
  let db: pg.Pool;
  let token: string;

  beforeAll(async () => {
    const file = path.join(temporaryDirectory('kontor-mail-language-'), 'directory.ldif');
    const ldif = LdifText.parse(testDirectory.ldif)
      .replace(john.dn, 'preferredLanguage', 'EN-gb')
      .replace(siobhan.dn, 'preferredLanguage', 'de-AT');
    writeFileSync(file, ldif.text);
    const directoryConfig = { kind: 'ldif' as const, file, mapping: testDirectoryMapping() };
    receiver = await startSmtpReceiver();
    running = await startServerOnFreshDatabase({ queues: testQueues, directory: directoryConfig, mail: mailSection(receiver) });
    const directory = createDirectory(directoryConfig);
    try {
      const synced = await syncDirectory(running.server.db, directory, { roles: testRoles }, () => new Date());
      if (!synced.ok) throw new Error(synced.message);
    } finally {
      await directory.close();
    }
    db = inspect(running.database.url);
    token = await tokenFor(running.url, 'mmueller');
  });
  afterAll(async () => {
    await db.end();
    await running.close();
    await receiver.stop();
  });

  async function createdMailTo(customerUserId: string): Promise<{ language: string; subject: string }> {
    const create = customerTicket(customerUserId);
    expectApplied((await send(running.url, token, create))[0]);
    const number = String((await ticketRow(db, create.ticketId))['number']);
    const [queued] = await outboxOf(db, create.ticketId);
    let subject: string | undefined;
    await until(`the mail of ticket ${number} arrived`, async () => {
      for (const message of receiver.messages) {
        const parsed = await parseMail(message.raw);
        if (parsed.messageId === queued?.message_id) subject = parsed.subject;
      }
      return subject !== undefined;
    });
    return { language: queued?.language ?? '', subject: (subject ?? '').replace(`[Ticket#${number}] `, '') };
  }

  it('writes in English to a customer whose directory entry says EN-gb', async () => {
    expect(await createdMailTo(john.id)).toEqual({ language: 'en', subject: 'We have received your request: Depotauszug fehlt' });
  });

  it('writes in German for de-AT and where the directory names no language', async () => {
    expect(await createdMailTo(siobhan.id)).toEqual({ language: 'de', subject: 'Ihre Anfrage ist eingegangen: Depotauszug fehlt' });
    expect(await createdMailTo(priya.id)).toEqual({ language: 'de', subject: 'Ihre Anfrage ist eingegangen: Depotauszug fehlt' });
  });
});
