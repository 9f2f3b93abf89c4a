import { randomInt } from 'node:crypto';
import type { MutationEnvelope, MutationResult } from '../../src-shared/sync/protocol.js';
import { uuidv7 } from './ids.js';

type Mutation = MutationEnvelope['mutations'][number];

/** The three mutations of the benchmark, sent a third each. */
export const benchMutationNames = ['ticket.create', 'ticket.addArticle', 'ticket.setPriority'] as const;
export type BenchMutationName = (typeof benchMutationNames)[number];

/** About 1 KB of text, as a typical phone note or e-mail reply. */
const body = 'Der Kunde meldet, dass die Abwicklung der Order noch aussteht. '.repeat(16);

/**
 * One agent's stream of work on their own queue: new phone tickets for customers, internal
 * notes and priority changes on the tickets they created, a third each. It remembers the
 * version every applied result reported, so that priority changes carry a fresh base version.
 */
export class AgentWorkload {
  readonly clientId = uuidv7();
  private readonly versions = new Map<string, number>();
  private readonly tickets: string[] = [];
  private readonly ticketOf = new Map<string, string>();
  private turn = 0;

  constructor(
    private readonly queueId: string,
    private readonly customerIds: readonly string[],
  ) {}

  /** The next `size` mutations; at most one priority change per ticket in a batch. */
  nextBatch(size: number): MutationEnvelope {
    const mutations: Mutation[] = [];
    const prioritised = new Set<string>();
    for (let i = 0; i < size; i += 1) {
      const kind = this.tickets.length === 0 ? 0 : this.turn++ % 3;
      const ticketId = kind === 0 ? null : this.someTicket(kind === 2 ? prioritised : new Set());
      const mutation = ticketId === null ? this.create() : kind === 1 ? this.note(ticketId) : this.priority(ticketId);
      if (kind === 2 && ticketId !== null) prioritised.add(ticketId);
      mutations.push(mutation);
    }
    return { clientId: this.clientId, mutations };
  }

  /** One mutation of this kind, on the newest ticket (a create while there is none): the SQL capture's requests. */
  single(kind: BenchMutationName): MutationEnvelope {
    const ticketId = this.tickets.at(-1);
    const mutation = ticketId === undefined || kind === 'ticket.create' ? this.create() : kind === 'ticket.addArticle' ? this.note(ticketId) : this.priority(ticketId);
    return { clientId: this.clientId, mutations: [mutation] };
  }

  /** Learns the versions of applied mutations. */
  record(results: readonly MutationResult[]): void {
    for (const result of results) {
      const ticketId = this.ticketOf.get(result.id);
      this.ticketOf.delete(result.id);
      if (ticketId === undefined || result.status !== 'applied') continue;
      if (!this.versions.has(ticketId)) this.tickets.push(ticketId);
      this.versions.set(ticketId, Math.max(result.version, this.versions.get(ticketId) ?? 0));
    }
  }

  private someTicket(except: ReadonlySet<string>): string | null {
    // Recent tickets mostly, as agents work what just came in.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const recent = Math.min(this.tickets.length, 200);
      const ticketId = this.tickets[this.tickets.length - 1 - randomInt(recent)];
      if (ticketId !== undefined && !except.has(ticketId)) return ticketId;
    }
    return null;
  }

  private create(): Mutation {
    const ticketId = uuidv7();
    const customerUserId = this.customerIds[randomInt(this.customerIds.length)] ?? null;
    return this.mutation(ticketId, 'ticket.create', null, {
      ticketId,
      queueId: this.queueId,
      title: `Order ${randomInt(1_000_000)}: settlement pending`,
      type: 'service-request',
      priority: 3,
      customerUserId,
      article: { articleId: uuidv7(), channel: 'phone', visibility: 'customer-visible', sender: 'customer', subject: 'Anruf', body },
    });
  }

  private note(ticketId: string): Mutation {
    return this.mutation(ticketId, 'ticket.addArticle', this.versions.get(ticketId) ?? 1, {
      ticketId,
      article: { articleId: uuidv7(), channel: 'note', visibility: 'internal', subject: 'Notiz', body },
    });
  }

  private priority(ticketId: string): Mutation {
    return this.mutation(ticketId, 'ticket.setPriority', this.versions.get(ticketId) ?? 1, { ticketId, priority: 1 + randomInt(5) });
  }

  private mutation(ticketId: string, name: string, baseVersion: number | null, args: unknown): Mutation {
    const id = uuidv7();
    this.ticketOf.set(id, ticketId);
    return { id, name, args, baseVersion };
  }
}
