import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { expect } from 'vitest';
import { demoPassword } from '../../../src-shared/node/demo-directory.js';
import { portalRequestHeader } from '../../../src-shared/portal/api.js';
import { testCustomers } from '../../harness/directory.js';
import type { ServerOptions } from '../../../src-server/app.js';
import { startServerOnFreshDatabase, type ServerConfigOverrides, type ServerOnTestDatabase } from '../../harness/kontor-server.js';
import { syncCustomers } from '../mail/support.js';
import { createTicket, expectApplied, send, testQueues } from '../mutations/support.js';
import { request, type HttpRequest, type HttpResponse } from '../support/http.js';

/** What the bank opens to customers in these tests: ServiceLine only, and they may close their own requests. */
export const portalOverrides: ServerConfigOverrides = { queues: testQueues, customers: { queues: ['ServiceLine'], mayClose: true } };

/** A server with the test queues and the directory's customers synced into its database, as the scheduled sync would. */
export async function startPortalServer(overrides: ServerConfigOverrides = {}, options: ServerOptions = {}): Promise<ServerOnTestDatabase> {
  const running = await startServerOnFreshDatabase({ ...portalOverrides, ...overrides }, options);
  try {
    await syncCustomers(running.server.db);
    return running;
  } catch (error) {
    await running.close();
    throw error;
  }
}

export function testCustomer(key: string): (typeof testCustomers)[number] {
  const found = testCustomers.find((entry) => entry.key === key);
  if (!found) throw new Error(`no test customer ${key}`);
  return found;
}

/** A browser of the portal: keeps the session cookie, sends the portal header and its own Origin on writes. */
export class PortalClient {
  cookie: string | null = null;

  constructor(readonly url: string) {}

  async signIn(username: string, password: string = demoPassword, options: HttpRequest = {}): Promise<HttpResponse> {
    const response = await this.call('POST', '/portal/api/session', { username, password }, options);
    const setCookie = response.headers['set-cookie']?.[0];
    if (setCookie !== undefined) this.cookie = setCookie.split(';')[0] ?? null;
    return response;
  }

  /** Signs in and expects it to work. */
  async signedIn(username: string): Promise<this> {
    const response = await this.signIn(username);
    expect(response.status, response.text).toBe(204);
    return this;
  }

  call(method: string, path: string, body?: unknown, options: HttpRequest = {}): Promise<HttpResponse> {
    const write = method !== 'GET';
    return request(`${this.url}${path}`, {
      method,
      body,
      ...options,
      headers: {
        ...(this.cookie === null ? {} : { cookie: this.cookie }),
        ...(write ? { [portalRequestHeader.name]: portalRequestHeader.value, origin: this.url } : {}),
        ...options.headers,
      },
    });
  }

  get(path: string): Promise<HttpResponse> {
    return this.call('GET', path);
  }

  /** GET as raw bytes (attachments). */
  download(path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const outgoing = http.get(`${this.url}${path}`, { headers: this.cookie === null ? {} : { cookie: this.cookie }, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
    });
  }
}

export interface SeededTicket {
  ticketId: string;
  attachmentId: string;
  internalAttachmentId: string;
}

/** Words only an internal note holds: no answer to a customer may ever contain them. */
export const internalSecret = 'INTERN-Bonität-geprüft-7731';

/**
 * A phone ticket an agent opens for a customer: the customer's words, an internal note (with an
 * attachment), and a customer-visible reply with an attachment.
 */
export async function seedTicket(url: string, agentToken: string, customerUserId: string, title: string): Promise<SeededTicket> {
  // Articles of one batch share their commit time; like the Desk's UUIDv7s, the ids then give the order.
  const [firstArticle, noteArticle, replyArticle] = [randomUUID(), randomUUID(), randomUUID()].sort();
  const create = createTicket('ServiceLine', {
    customerUserId,
    title,
    article: { articleId: firstArticle, channel: 'phone', visibility: 'customer-visible', sender: 'customer', subject: 'Anruf', body: 'Der Depotauszug für März ist nicht angekommen.' },
  });
  const attachmentId = randomUUID();
  const internalAttachmentId = randomUUID();
  const note = {
    id: randomUUID(),
    name: 'ticket.addArticle',
    baseVersion: null,
    args: {
      ticketId: create.ticketId,
      article: {
        articleId: noteArticle,
        channel: 'note',
        visibility: 'internal',
        sender: 'agent',
        subject: 'Notiz',
        body: internalSecret,
        attachments: [{ id: internalAttachmentId, filename: 'intern.txt', contentType: 'text/plain', contentBase64: Buffer.from(internalSecret).toString('base64') }],
      },
    },
  };
  const reply = {
    id: randomUUID(),
    name: 'ticket.addArticle',
    baseVersion: null,
    args: {
      ticketId: create.ticketId,
      article: {
        articleId: replyArticle,
        channel: 'email',
        visibility: 'customer-visible',
        sender: 'agent',
        subject: 'Ihr Depotauszug',
        body: '<p>Guten Tag,</p><p>anbei der Auszug.</p>',
        attachments: [{ id: attachmentId, filename: 'auszug-märz.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 Auszug').toString('base64') }],
      },
    },
  };
  for (const result of await send(url, agentToken, create, note, reply)) expectApplied(result);
  return { ticketId: create.ticketId, attachmentId, internalAttachmentId };
}
