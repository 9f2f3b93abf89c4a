import { z } from 'zod';
import { ownerCandidateSchema } from '../domain/people.js';
import { rightSchema } from '../permissions.js';
import { calendarEntitySchema, ticketStateSchema, ticketTypes, type EntityName } from '../sync/entities.js';
import { channel } from './contract-types.js';
import { deskTicketSchema, shownTicketSchema } from './cache.js';

/**
 * The agent's workspace (issue 9): the queue tree with its counts and the ticket list of a view,
 * read from the cache with the agent's pending edits laid over it.
 */

/**
 * What the queue tree and the ticket lists show: tickets, and the queues, people, SLAs and
 * calendars they name. A change of articles, history, links or time entries alone (most of a
 * bootstrap) leaves the counts and lists as they are.
 */
export const listedEntities: readonly EntityName[] = ['queue', 'institution', 'customer-user', 'agent', 'sla', 'calendar', 'ticket'];

/** Whether a change of the cache (`cache.changed`) may change what the queue tree or a ticket list shows. */
export function changesLists(entities: readonly EntityName[]): boolean {
  return entities.some((entity) => listedEntities.includes(entity));
}

/** What a ticket list shows: one queue, or one of the agent's own views across the queues. */
export const ticketListViewSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('queue'), queueId: z.uuid() }),
  /** Tickets the agent owns that are not closed. */
  z.strictObject({ kind: z.literal('mine') }),
  /** Tickets the agent owns and has locked, not closed. */
  z.strictObject({ kind: z.literal('my-locked') }),
  /** Not closed, with any of the three clocks breached. */
  z.strictObject({ kind: z.literal('escalated') }),
  /** In `pending-reminder` whose reminder time has come. */
  z.strictObject({ kind: z.literal('reminders-due') }),
  /** One institution's tickets in every queue the agent reads (the phone ticket's "their open tickets"); open ones unless states are chosen. */
  z.strictObject({ kind: z.literal('institution'), institutionId: z.string().min(1).max(128) }),
]);
export type TicketListView = z.infer<typeof ticketListViewSchema>;

/**
 * Columns a list sorts by. `nearest-due` (the default): the earliest due instant among the
 * clocks still running (not answered). `first-response-due`, `update-due`, `solution-due`: that
 * clock's due instant while it runs. `age` ascending: the youngest ticket first. Texts sort as in
 * a dictionary (case and accents ignored, `ä` as `a`); `state` in the order a ticket goes through
 * the states (`ticketStates`). In both directions tickets without a value come last and equal
 * values are ordered by ticket id, so that the order is stable.
 */
export const ticketSortKeys = [
  'nearest-due',
  'number',
  'title',
  'customer',
  'institution',
  'state',
  'priority',
  'owner',
  'age',
  'first-response-due',
  'update-due',
  'solution-due',
] as const;
export type TicketSortKey = (typeof ticketSortKeys)[number];

export const ticketListSortSchema = z.strictObject({
  key: z.enum(ticketSortKeys).default('nearest-due'),
  direction: z.enum(['asc', 'desc']).default('asc'),
});

/**
 * Filters that combine (all must hold); a list inside one filter means any of its values, and an
 * empty list is no filter.
 */
export const ticketListFiltersSchema = z.strictObject({
  /** Without states, a list shows open tickets only (not closed); closed tickets when named here. */
  states: z.array(ticketStateSchema).max(ticketStateSchema.options.length).optional(),
  priorities: z.array(z.number().int().min(1).max(5)).max(5).optional(),
  /** Owner ids; null stands for "no owner". */
  ownerIds: z.array(z.string().max(200).nullable()).max(50).optional(),
  locked: z.boolean().optional(),
  /** Institution ids as the directory gives them (stable ids, not necessarily UUIDs). */
  institutionIds: z.array(z.string().min(1).max(128)).max(50).optional(),
  types: z.array(z.enum(ticketTypes)).max(ticketTypes.length).optional(),
});
export type TicketListFilters = z.infer<typeof ticketListFiltersSchema>;

/** One window of a list: the virtualised table asks for the rows it is about to show. */
export const ticketListInputSchema = z.strictObject({
  view: ticketListViewSchema,
  sort: ticketListSortSchema.default({ key: 'nearest-due', direction: 'asc' }),
  filters: ticketListFiltersSchema.default({}),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(200),
});

/**
 * A list row: the ticket as shown (pending edits laid over it) and the names its columns show.
 * Which rows a list holds and their order follow the cache; an edit still pending shows its
 * values on its row (marked in `pending`) but moves the row only once the server confirmed it.
 */
export const ticketListRowSchema = shownTicketSchema.extend({
  /** A ticket the agent created that the server has not numbered yet is listed too, with an empty number. */
  ticket: deskTicketSchema,
  queueName: z.string().nullable(),
  customerName: z.string().nullable(),
  institutionName: z.string().nullable(),
  ownerName: z.string().nullable(),
  /** The calendar its clocks count working time on (its SLA's, or its queue's SLA's); in `calendars` of the list. */
  calendarId: z.string().nullable(),
});
export type TicketListRow = z.infer<typeof ticketListRowSchema>;

export const ticketListSchema = z.object({
  /** Rows in the whole list with these filters: the table's height. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  rows: z.array(ticketListRowSchema),
  /** The calendars the rows name, by id: the list counts time left in working time with the shared calendar math. */
  calendars: z.record(z.string(), calendarEntitySchema),
});

/** Counts of one queue in the tree; only queues the agent may read are listed. */
export const queueCountsSchema = z.object({
  queueId: z.uuid(),
  /** The full name; `::` separates the levels of the tree ("Abwicklung::Wertpapiere"). */
  name: z.string(),
  /** Not closed. */
  total: z.number().int().nonnegative(),
  /** In state `new`. */
  new: z.number().int().nonnegative(),
  /** Not closed, any clock breached. */
  escalated: z.number().int().nonnegative(),
  /** Not closed, owned by the agent. */
  mine: z.number().int().nonnegative(),
});
export type QueueCounts = z.infer<typeof queueCountsSchema>;

export const queueOverviewSchema = z.object({
  queues: z.array(queueCountsSchema),
  /** Counts of the agent's own views (same rules as the list views of the same name). */
  views: z.object({
    mine: z.number().int().nonnegative(),
    myLocked: z.number().int().nonnegative(),
    escalated: z.number().int().nonnegative(),
    remindersDue: z.number().int().nonnegative(),
  }),
});
export type QueueOverview = z.infer<typeof queueOverviewSchema>;

/**
 * Every valid queue in the cache with the rights the signed-in agent holds on its group, as the
 * server gave them at sign-in: where the agent may create tickets (`create`), move tickets to
 * (`move_into`), and what they may do with the tickets of a queue. The server decides again on
 * every edit; this only keeps the Desk from offering what would be refused.
 */
export const queueChoiceSchema = z.object({
  queueId: z.uuid(),
  /** The full name with `::` between the levels. */
  name: z.string(),
  group: z.string(),
  /** As held (`rw` is listed as `rw`, not expanded); empty: no right at all on the group. */
  rights: z.array(rightSchema),
});
export type QueueChoice = z.infer<typeof queueChoiceSchema>;
export const queueChoicesSchema = z.object({ queues: z.array(queueChoiceSchema) });

/** Agents who may own tickets in a queue (`ro` and `owner`, or `rw`, on its group), from the cache, by display name. */
export const ownerCandidatesSchema = z.object({ queueId: z.uuid(), candidates: z.array(ownerCandidateSchema) });

export const workspaceChannels = {
  'queues.overview': channel({ input: z.strictObject({}), output: queueOverviewSchema, reasons: ['not-signed-in'] }),
  'tickets.list': channel({ input: ticketListInputSchema, output: ticketListSchema, reasons: ['not-signed-in'] }),
  'queues.choices': channel({ input: z.strictObject({}), output: queueChoicesSchema, reasons: ['not-signed-in'] }),
  'agents.ownerCandidates': channel({ input: z.strictObject({ queueId: z.uuid() }), output: ownerCandidatesSchema, reasons: ['not-signed-in', 'not-found'] }),
};
