import type { z } from 'zod';
import type { OwnerCandidate } from '../../src-shared/domain/people.js';
import { changesLists, type QueueChoice, type QueueOverview, type ticketListInputSchema, type ticketListSchema } from '../../src-shared/ipc/workspace.js';
import type { EventPayload } from '../../src-shared/ipc/contract.js';
import type { Permissions } from '../../src-shared/permissions.js';
import { hasRight } from '../../src-shared/permissions.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { EventBus } from '../events.js';
import type { CacheService, OpenCacheView } from '../sync/cache-service.js';
import { WorkspaceReader } from './workspace-reader.js';

type TicketList = z.input<typeof ticketListSchema>;
export type TicketListInput = z.output<typeof ticketListInputSchema>;

export interface WorkspaceServiceOptions {
  cache: CacheService;
  bus: EventBus;
  /** The rights of the signed-in agent (SessionService), null when no one is signed in. */
  permissions: () => Permissions | null;
  /** The clock that decides which reminders are due; tests set it. */
  now?: () => Date;
}

const notSignedIn = () => fail('not-signed-in', 'Sign in to see the queues.');

/**
 * The agent's workspace (issue 9): the queue tree with its counts and the ticket lists of the
 * views, read from the cache only, with the agent's pending edits laid over the rows. Lists and
 * counts are kept between calls and dropped whenever the cache changes in what they show
 * (`cache.changed` naming a ticket, queue, person, SLA or calendar).
 */
export class WorkspaceService {
  private reader: WorkspaceReader | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: WorkspaceServiceOptions) {
    this.now = options.now ?? (() => new Date());
    options.bus.subscribe((event, payload) => {
      if (event === 'cache.changed' && changesLists((payload as EventPayload<'cache.changed'>).entities)) this.reader?.invalidate();
    });
  }

  /** Every queue the agent may read with its counts, and the counts of the agent's own views. */
  overview(): Result<QueueOverview, 'not-signed-in'> {
    const permissions = this.options.permissions() ?? {};
    const read = this.options.cache.withCache((open) => this.readerOf(open).overview((group) => hasRight(permissions, group, 'ro'), this.now()));
    return read === 'not-signed-in' ? notSignedIn() : ok(read);
  }

  /** One window of a view, sorted and filtered, with `total` rows in the whole list. */
  list(input: TicketListInput): Result<TicketList, 'not-signed-in'> {
    const read = this.options.cache.withCache((open) => this.readerOf(open).list({ view: input.view, sort: input.sort, filters: input.filters }, input.offset, input.limit, this.now()));
    return read === 'not-signed-in' ? notSignedIn() : ok(read);
  }

  /** Every valid queue with the rights the agent holds on its group (create, move into, edit). */
  queueChoices(): Result<{ queues: QueueChoice[] }, 'not-signed-in'> {
    const permissions = this.options.permissions();
    if (permissions === null) return notSignedIn();
    const read = this.options.cache.withCache((open) => this.readerOf(open).choices.choices(permissions));
    return read === 'not-signed-in' ? notSignedIn() : ok({ queues: read });
  }

  /** The agents who may own tickets of a queue: the owner and responsible an edit may name. */
  ownerCandidates(queueId: string): Result<{ queueId: string; candidates: OwnerCandidate[] }, 'not-signed-in' | 'not-found'> {
    const read = this.options.cache.withCache((open) => this.readerOf(open).choices.ownerCandidates(queueId));
    if (read === 'not-signed-in') return notSignedIn();
    return read === null ? fail('not-found', `The queue ${queueId} is not in the cache.`) : ok({ queueId, candidates: read });
  }

  /** The reader of the cache open now: a new one when another cache was opened since. */
  private readerOf(open: OpenCacheView): WorkspaceReader {
    if (!this.reader?.isFor(open.db)) this.reader = new WorkspaceReader(open.db, open.outbox, open.agentId);
    return this.reader;
  }
}
