import { randomUUID } from 'node:crypto';
import { changesResponseSchema, mutationResponseSchema } from '../../../../src-shared/sync/protocol.js';
import { sleep } from '../../../harness/process.js';
import { addArticle, createTicket, type EnvelopeMutation } from '../../mutations/support.js';
import { request, type HttpResponse } from '../../support/http.js';

/** What went wrong from a client's point of view while faults were injected. */
export interface Anomalies {
  /** 5xx answers other than 503 with Retry-After, and 503s without it. */
  badErrors: string[];
  /** Mutations answered with anything but `applied` (none is expected: writers work their own tickets). */
  refusals: string[];
  /** Feed pages whose sequence numbers went backwards or repeated, and 410s. */
  feed: string[];
}

export function noAnomalies(): Anomalies {
  return { badErrors: [], refusals: [], feed: [] };
}

/** One request that may meet a fault: 503 with Retry-After and network errors mean "again"; anything else is an answer. */
async function attempt(url: string, options: Parameters<typeof request>[1], anomalies: Anomalies): Promise<HttpResponse | null> {
  try {
    const response = await withTimeout(request(url, options), 30_000);
    if (response.status === 503 && response.headers['retry-after'] !== undefined) return null;
    if (response.status >= 500) anomalies.badErrors.push(`${String(response.status)} ${response.text.slice(0, 200)}`);
    return response.status >= 500 ? null : response;
  } catch {
    // Refused, reset or timed out: the instance is restarting, frozen or lost its connection.
    return null;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([work, new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]).finally(() => clearTimeout(timer));
}

/** Acknowledged work: what the server answered `applied` for, by kind. */
export interface Acknowledged {
  tickets: Map<string, string>; // ticket id → title
  articles: Map<string, string>; // article id → body marker
  sends: number;
  retries: number;
}

/**
 * A Desk pushing its outbox: batches of 1–3 mutations (a new ticket, notes on its own
 * tickets), each batch sent until answered, again with the same ids, to whichever instance
 * answers (as behind a load balancer that moves on after an error).
 */
export class Writer {
  readonly acknowledged: Acknowledged = { tickets: new Map(), articles: new Map(), sends: 0, retries: 0 };
  private stopped = false;
  private running: Promise<void> | null = null;
  private readonly clientId = randomUUID();

  constructor(
    private readonly urls: readonly string[],
    private readonly token: string,
    private readonly queue: string,
    private readonly anomalies: Anomalies,
  ) {}

  start(): void {
    this.running = this.loop().catch((error: unknown) => {
      this.anomalies.refusals.push(`writer stopped: ${String(error).slice(0, 300)}`);
    });
  }

  /** Stops after the batch in flight has been answered. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    for (let n = 0; !this.stopped; n += 1) await this.sendUntilAnswered(this.nextBatch(n), n);
  }

  private nextBatch(n: number): EnvelopeMutation[] {
    const own = [...this.acknowledged.tickets.keys()];
    const batch: EnvelopeMutation[] = [];
    let ticketId = own[n % Math.max(own.length, 1)];
    if (own.length === 0 || n % 4 === 0) {
      const create = createTicket(this.queue, { title: `fault-load ${randomUUID()}` });
      batch.push(create);
      ticketId = create.ticketId;
    }
    if (ticketId === undefined) throw new Error('no ticket to add to');
    for (let i = batch.length; i < 1 + (n % 3); i += 1) {
      const marker = `fault-note ${randomUUID()}`;
      batch.push(addArticle(ticketId, { body: marker, subject: 'Notiz' }));
    }
    return batch;
  }

  private async sendUntilAnswered(batch: EnvelopeMutation[], n: number): Promise<void> {
    const body = { clientId: this.clientId, mutations: batch.map(({ id, name, args, baseVersion }) => ({ id, name, args, baseVersion })) };
    for (let tries = 0; ; tries += 1) {
      this.acknowledged.sends += 1;
      if (tries > 0) this.acknowledged.retries += 1;
      const url = this.urls[(n + tries) % this.urls.length] ?? '';
      const response = await attempt(`${url}/api/v1/sync/mutations`, { method: 'POST', token: this.token, body }, this.anomalies);
      if (response !== null) return this.record(batch, response);
      await sleep(Math.min(50 * 2 ** tries, 500));
    }
  }

  private record(batch: EnvelopeMutation[], response: HttpResponse): void {
    if (response.status !== 200) {
      this.anomalies.refusals.push(`${String(response.status)} ${response.text.slice(0, 200)}`);
      return;
    }
    const { results } = mutationResponseSchema.parse(response.json);
    for (const [index, result] of results.entries()) {
      const sent = batch[index];
      if (!sent || result.status !== 'applied') {
        this.anomalies.refusals.push(JSON.stringify(result));
        continue;
      }
      const args = sent.args as { ticketId: string; title?: string; article: { articleId: string; body: string } };
      if (sent.name === 'ticket.create') this.acknowledged.tickets.set(args.ticketId, args.title ?? '');
      else this.acknowledged.articles.set(args.article.articleId, args.article.body);
    }
  }
}

/** What a client holds after applying the feed: entity:id → version. */
export type Replica = Map<string, number>;

/**
 * A Desk pulling the feed from its cursor, again and again, as on every push: keeps what it
 * was given (a remove purges the entity, and a ticket's remove its articles, history, links
 * and time entries), and checks that sequence numbers only go up.
 */
export class Reader {
  readonly replica: Replica = new Map();
  private readonly ticketOf = new Map<string, string>();
  private cursor = '';
  private lastSeq = 0;
  /** The page's `position`: everything up to it has been delivered. */
  private position = 0;
  private inLog = false;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly urls: readonly string[],
    private readonly token: string,
    private readonly anomalies: Anomalies,
  ) {}

  start(): void {
    this.running = (async () => {
      while (!this.stopped) {
        try {
          await this.pullToEnd();
        } catch (error) {
          this.anomalies.feed.push(String(error).slice(0, 300));
        }
        await sleep(100);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Pulls until the server says there is no more, retrying faults; returns the pages read. */
  async pullToEnd(): Promise<number> {
    let pages = 0;
    for (let tries = 0; ; tries += 1) {
      const url = this.urls[tries % this.urls.length] ?? '';
      const response = await attempt(`${url}/api/v1/sync/changes?after=${encodeURIComponent(this.cursor)}&limit=200`, { token: this.token }, this.anomalies);
      if (response === null) {
        await sleep(100);
        continue;
      }
      if (response.status !== 200) {
        this.anomalies.feed.push(`${String(response.status)} ${response.text.slice(0, 200)}`);
        return pages;
      }
      pages += 1;
      const page = changesResponseSchema.parse(response.json);
      // The page that reaches the log may still end the snapshot; from the next one on, every number comes once.
      this.apply(page.changes, this.inLog);
      this.inLog = page.phase === 'log';
      if (page.position !== null) {
        if (page.position < this.position) this.anomalies.feed.push(`position ${String(page.position)} after ${String(this.position)}`);
        this.position = page.position;
      }
      this.cursor = page.cursor;
      if (!page.hasMore) return pages;
    }
  }

  private apply(changes: readonly { seq: number; entity: string; op: string; id: string; data?: unknown }[], inLog: boolean): void {
    for (const change of changes) {
      // Snapshot rows share the seq the snapshot is pinned at; in the log numbers only go up.
      if (inLog ? change.seq <= this.lastSeq : change.seq < this.lastSeq) this.anomalies.feed.push(`seq ${String(change.seq)} after ${String(this.lastSeq)}`);
      this.lastSeq = Math.max(this.lastSeq, change.seq);
      const key = `${change.entity}:${change.id}`;
      if (change.op === 'remove') {
        this.replica.delete(key);
        if (change.entity === 'ticket') for (const [other, ticketId] of this.ticketOf) if (ticketId === change.id) this.replica.delete(other);
        continue;
      }
      const data = change.data as { version?: number; ticketId?: string };
      this.replica.set(key, data.version ?? 0);
      if (data.ticketId !== undefined) this.ticketOf.set(key, data.ticketId);
    }
  }
}

/** A fresh client's view: bootstrap from an empty cursor to the end. */
export async function bootstrap(urls: readonly string[], token: string, anomalies: Anomalies): Promise<Replica> {
  const reader = new Reader(urls, token, anomalies);
  await reader.pullToEnd();
  return reader.replica;
}
