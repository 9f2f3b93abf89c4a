import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KontorServer } from '../../../src-server/app.js';
import { applyQueueConfig, queueIdFor } from '../../../src-server/config/apply-config.js';
import type { RoleConfig } from '../../../src-server/config.js';
import { syncDirectory } from '../../../src-server/directory-sync/sync-directory.js';
import { bankServerSections } from '../../../src-server/seed/bank-config.js';
import { createDirectory } from '../../../src-shared/node/directory/index.js';
import type { MutationName } from '../../../src-shared/sync/mutations.js';
import { inject } from 'vitest';
import { testCustomers, testDirectoryConfig } from '../../harness/directory.js';
import { expectApplied, mutation, send } from '../../server/mutations/support.js';
import { signIn, type SignedIn } from '../../server/support/http.js';

// Tickets for the zoom and search tests, written through Kontor Server's own mutations (as a
// Desk would send them), with the bank's queues, SLAs and calendars and the directory's people.

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const embeddedRoles = (JSON.parse(readFileSync(path.join(root, 'resources', 'config', 'server.embedded.json'), 'utf8')) as { roles: RoleConfig[] }).roles;

/** A customer user of the test directory by user name (`jloewe` is Jürgen Löwe of the Löwe bank). */
export function customer(username: string): { id: string; displayName: string } {
  const found = testCustomers.find((candidate) => candidate.username === username);
  if (!found) throw new Error(`no customer ${username} in the test directory`);
  return found;
}

export interface ArticleSeed {
  channel: 'phone' | 'email' | 'portal' | 'note';
  visibility: 'internal' | 'customer-visible';
  sender: 'agent' | 'customer';
  subject: string;
  body: string;
  /** Another agent than the bank's (`SeededBank.open`) writes it: one with the rights it needs. */
  author?: string;
  attachments?: { filename: string; contentType: string; content: string | Buffer }[];
}

export interface TicketSeed {
  queue: string;
  title: string;
  customerUsername: string | null;
  priority?: number;
  articles: [ArticleSeed, ...ArticleSeed[]];
}

function articleArgs(article: ArticleSeed): Record<string, unknown> {
  const attachments = (article.attachments ?? []).map((file) => ({
    id: randomUUID(),
    filename: file.filename,
    contentType: file.contentType,
    contentBase64: Buffer.from(file.content).toString('base64'),
  }));
  const { attachments: _files, author: _author, ...fields } = article;
  return { articleId: randomUUID(), ...fields, attachments };
}

/** The bank as Kontor Server knows it: its calendars, SLAs and queues, then the directory's people. */
export class SeededBank {
  private readonly agents = new Map<string, Promise<SignedIn>>();

  private constructor(
    private readonly server: KontorServer,
    private readonly username: string,
  ) {}

  static async open(server: KontorServer, username = 'mmueller'): Promise<SeededBank> {
    await applyQueueConfig(server.db, bankServerSections(), new Date());
    const { serviceDn, servicePassword } = inject('ldap');
    const directory = createDirectory(testDirectoryConfig(), { dn: serviceDn, password: servicePassword });
    try {
      const synced = await syncDirectory(server.db, directory, { roles: embeddedRoles }, () => new Date());
      if (!synced.ok) throw new Error(`the directory sync failed: ${synced.message}`);
    } finally {
      await directory.close();
    }
    return new SeededBank(server, username);
  }

  private session(username: string): Promise<SignedIn> {
    let session = this.agents.get(username);
    if (!session) {
      session = signIn(this.server.url, username);
      this.agents.set(username, session);
    }
    return session;
  }

  /** Sends one mutation as the bank's agent (or `as`); it must apply. Returns the ticket's new version. */
  async apply(name: MutationName, args: Record<string, unknown>, baseVersion: number | null = null, as: string = this.username): Promise<number> {
    const { token } = await this.session(as);
    const [result] = await send(this.server.url, token, mutation(name, args, baseVersion));
    return expectApplied(result).version;
  }

  /** Creates a ticket with its first article, then adds the others; returns its id. */
  async ticket(seed: TicketSeed): Promise<string> {
    const ticketId = randomUUID();
    const [first, ...more] = seed.articles;
    const customerUserId = seed.customerUsername === null ? null : customer(seed.customerUsername).id;
    await this.apply('ticket.create', {
      ticketId,
      queueId: queueIdFor(seed.queue),
      title: seed.title,
      type: 'incident',
      priority: seed.priority ?? 3,
      customerUserId,
      article: articleArgs(first),
    });
    for (const article of more) await this.apply('ticket.addArticle', { ticketId, article: articleArgs(article) }, null, article.author);
    return ticketId;
  }

  private async column(ticketId: string, column: 'version' | 'priority'): Promise<number> {
    const result = await this.server.db.query<{ value: number | string }>(`SELECT ${column} AS value FROM tickets WHERE id = $1`, [ticketId]);
    const value = result.rows[0]?.value;
    if (value === undefined) throw new Error(`no ticket ${ticketId}`);
    return Number(value);
  }

  /** The ticket's version on the server: the base of an edit made now. */
  version(ticketId: string): Promise<number> {
    return this.column(ticketId, 'version');
  }

  /** The ticket's priority on the server. */
  priority(ticketId: string): Promise<number> {
    return this.column(ticketId, 'priority');
  }

  /**
   * Moves the ticket's past back by `hours`, as if it had been opened then (its clocks started
   * then), and lets the server's SLA timer record what has passed since: warnings and breaches,
   * each with its history entry and the ticket's next version in the feed.
   */
  async openedHoursAgo(ticketId: string, hours: number): Promise<void> {
    const shift = `${String(hours)} hours`;
    const clocks = ['first_response', 'update', 'solution'];
    const moved = clocks.flatMap((clock) => [`${clock}_started_at`, `${clock}_due`, `${clock}_warn_at`]).map((column) => `${column} = ${column} - $2::interval`);
    await this.server.db.query(
      `UPDATE tickets SET created_at = created_at - $2::interval, ${moved.join(', ')}, next_sla_event_at = now() - interval '1 second' WHERE id = $1`,
      [ticketId, shift],
    );
    await this.server.slaTimer.runNow();
  }
}
