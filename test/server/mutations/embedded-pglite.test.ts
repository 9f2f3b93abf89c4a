import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../../src-server/config.js';
import { testCustomers } from '../../harness/directory.js';
import { startServer, type StartedServer } from '../../harness/kontor-server.js';
import { articleInput, createTicket, downloadAttachment, expectApplied, mutation, send, signIn, type SignedIn } from './support.js';

const embeddedConfigFile = fileURLToPath(new URL('../../../resources/config/server.embedded.json', import.meta.url));
let server: StartedServer;
let mmueller: SignedIn;

beforeAll(async () => {
  const config = await loadServerConfig(embeddedConfigFile);
  server = await startServer({ ...config, logging: { level: 'silent' } });
  mmueller = await signIn(server.url, 'mmueller');
});

afterAll(async () => {
  await server.close();
});

/** The embedded default (PGlite, the demo LDIF, its own queues) runs the same mutations. */
describe('mutations on PGlite with the embedded default', () => {
  it('creates a phone ticket with an attachment, serves the attachment, and answers a replay alike', async () => {
    const customer = testCustomers[0];
    if (!customer) throw new Error('no demo customer');
    const attachmentId = randomUUID();
    const create = createTicket('Wertpapiere::Abwicklung', {
      customerUserId: customer.id,
      article: articleInput({ attachments: [{ id: attachmentId, filename: 'beleg.txt', contentType: 'text/plain', contentBase64: Buffer.from('Beleg').toString('base64') }] }),
    });
    const lock = mutation('ticket.lock', { ticketId: create.ticketId }, 1);
    const first = await send(server.url, mmueller.token, create, lock);
    expect(expectApplied(first[1]).version).toBe(2);
    expect(await send(server.url, mmueller.token, create, lock)).toEqual(first);
    const download = await downloadAttachment(server.url, attachmentId, mmueller.token);
    expect(download.status).toBe(200);
    expect(download.body.toString('utf8')).toBe('Beleg');
    const stale = await send(server.url, mmueller.token, mutation('ticket.unlock', { ticketId: create.ticketId }, 1));
    expect(stale[0]).toMatchObject({ status: 'conflict', fields: ['locked'] });
  });
});
