import type { limits } from '../../src-shared/limits.js';
import type { EntityName } from '../../src-shared/sync/entities.js';
import type { MutationName } from '../../src-shared/sync/mutations.js';
import type { RejectionReason, syncReasons } from '../../src-shared/sync/protocol.js';
import { mutationRules as rules } from '../../src-shared/sync/mutations.js';
import type { EventsCloseReason } from '../../src-shared/sync/protocol.js';

const right = (name: string): string => `\`${name}\``;

// What the schemas cannot say. Each map is keyed by the literals of src-shared/sync, so a new
// entity, mutation, reason or limit does not type-check until it is described here.

export const entityDescriptions: Record<EntityName, string> = {
  institution: 'A client institution, read from the directory by its stable id. `valid` is false once the directory no longer has it; its tickets stay. Every agent receives every institution.',
  'customer-user': 'A customer user (staff of a client institution), read from the directory under the customers base, keyed by stable id: a rename or a move to another OU keeps their tickets. Every agent receives every customer user, so that callers are found offline.',
  agent: 'An agent, read from the directory under the people base: name, stable id and `ownerGroups`, the groups in which they may own tickets. An agent who leaves the directory is `valid: false`, never removed.',
  sla: 'An SLA: first response, update and solution targets in working minutes on the calendar `calendarId`, and the percentage at which a clock warns. Queues name their default SLA; a ticket may have its own (`slaId`).',
  calendar: 'A business calendar: working ranges per weekday (index 0 is Sunday; minutes after local midnight, end exclusive) in `timeZone`, and local dates without working time, spelt out for the years around now. The Desk counts "time left in working time" on it exactly as the server does.',
  queue: 'A queue of tickets. Every agent receives every queue; who sees the tickets in it follows from `group` and the agent\'s rights there.',
  ticket: 'A ticket, readable with `ro` on the group of its queue. `number` is assigned by the server; the due instants come from the queue\'s SLA and are absolute. A ticket in state `merged` names the ticket it went into only through a `merged` link, which agents who may not read that ticket never receive.',
  article: 'A message or note on a ticket. Agents who may read the ticket see all its articles; `internal` means hidden from customers. Attachments travel as metadata; the content is fetched with `GET /api/v1/attachments/:id`.',
  history: 'One entry of a ticket\'s history: every change, who and when. Never rewritten; `data` holds what changed. It never names another ticket: `linked`, `merged` and `merged-from` carry `data.linkId`, the link that names the other ticket to agents who may read both.',
  link: 'A link between two tickets (`merged`: written by `ticket.merge`, the source went into the target). Delivered only to agents who may read both tickets; a `remove` of either ticket purges it.',
  'time-entry': 'Working time accounted on a ticket.',
};

export interface MutationDescription {
  /** The right the agent needs, from the server's own table (`rw` implies every other right). */
  rights: string;
  effect: string;
}

export const mutationDescriptions: Record<MutationName, MutationDescription> = {
  'ticket.create': {
    rights: `${right(rules['ticket.create'].rights.queue)} on the group of \`queueId\``,
    effect:
      'Opens a ticket with its first article: a phone ticket for the customer user `customerUserId` (the institution is looked up in the directory) or an internal ticket (`null`). The server assigns `number` (Europe/Berlin date and a per-day counter) and the SLA due instants. `ticketId`, `article.articleId` and the attachment ids are the client\'s ids (UUIDv7); an id that exists already is `already-exists`, naming the kind of entity and the same whether or not the agent may read it.',
  },
  'ticket.addArticle': {
    rights: `${right(rules['ticket.addArticle'].rights.internal)} for an \`internal\` article, ${right(rules['ticket.addArticle'].rights.customerVisible)} for a \`customer-visible\` one`,
    effect:
      'Adds an article with its attachments. An article with sender `customer` reopens a closed ticket and restarts the update clock; the first customer-visible agent article stops the first-response clock.',
  },
  'ticket.move': {
    rights: `${right(rules['ticket.move'].rights.queues)} on the group the ticket is in and on the group of the target queue`,
    effect:
      'Moves the ticket to `queueId`. Agents who lose sight of it receive `remove`; agents who gain it receive the whole ticket with all its articles, history, links and time entries again.',
  },
  'ticket.setState': {
    rights: right(rules['ticket.setState'].rights.ticket),
    effect:
      'Sets the state. The pending states need `pendingUntil` in the future; `merged` is reached only through `ticket.merge` (`invalid-transition`), and a merged ticket changes no more. Closing stops the solution clock.',
  },
  'ticket.setPriority': { rights: right(rules['ticket.setPriority'].rights.ticket), effect: 'Sets the priority (1 highest … 5 lowest).' },
  'ticket.setSla': {
    rights: right(rules['ticket.setSla'].rights.ticket),
    effect:
      'Gives the ticket an SLA of its own (`slaId`: an SLA that exists and is still in use), or hands it back to its queue\'s (`null`); naming the queue\'s SLA pins it, so that the ticket keeps it when the queue changes SLA. Setting what the ticket has already is `invalid-args`. Running clocks get the new SLA\'s due and warning instants, counted on its calendar from where they started, in the same transaction; stopped and paused clocks (a closed ticket, the update clock while pending) keep theirs and count with the new SLA once they run again; breaches already recorded stay recorded. It needs `priority`, not `rw`: choosing the SLA is the same triage decision as choosing the priority (OTRS sets both in its priority screen), and the history entry `sla-changed` names who made it. Like the priority, another agent\'s lock does not refuse it.',
  },
  'ticket.setOwner': {
    rights: right(rules['ticket.setOwner'].rights.ticket),
    effect: 'Makes `ownerId` the owner: the stable directory id of an agent who may own tickets of the ticket\'s group (`GET /api/v1/queues/:id/owner-candidates`); anyone else is `invalid-args`.',
  },
  'ticket.setResponsible': {
    rights: right(rules['ticket.setResponsible'].rights.ticket),
    effect: 'Makes `responsibleId` responsible: an agent who may own tickets of the ticket\'s group, as for `ticket.setOwner`.',
  },
  'ticket.lock': { rights: right(rules['ticket.lock'].rights.ticket), effect: 'Locks the ticket for the agent and makes them its owner.' },
  'ticket.unlock': { rights: right(rules['ticket.unlock'].rights.ticket), effect: 'Releases the lock.' },
  'ticket.merge': {
    rights: `${right(rules['ticket.merge'].rights.bothTickets)} on both tickets`,
    effect: 'Merges the ticket into `intoTicketId`: its state becomes `merged`, and a link of kind `merged` (its id drawn by the server) points to the surviving ticket; both get a history entry.',
  },
  'ticket.link': {
    rights: `${right(rules['ticket.link'].rights.source)} on the source ticket, ${right(rules['ticket.link'].rights.target)} on the target`,
    effect: 'Links two tickets (`linkId` is the client\'s id). Agents who may not read both tickets never receive the link.',
  },
  'ticket.accountTime': { rights: right(rules['ticket.accountTime'].rights.ticket), effect: 'Accounts `minutes` of work (`entryId` is the client\'s id).' },
};

export const rejectionDescriptions: Record<RejectionReason, string> = {
  'invalid-args':
    'The arguments are not valid: they do not match the schema (unknown field, wrong type, too long), name a queue or customer user that does not exist, an owner or responsible who may not own tickets of the group, a retired queue, an SLA that does not exist, is no longer in use or is the ticket\'s already, a `pendingUntil` that is missing, not in the future or not allowed for the state, a ticket merged or linked to itself — or `baseVersion` is missing where the mutation writes ticket fields. The message names the field.',
  'unknown-mutation': 'No mutation of this name exists (an older server, or a newer client).',
  'permission-denied': 'The agent may read the ticket but lacks the right this mutation needs (for a create or a move: on the target queue\'s group).',
  'locked-by-other': 'Another agent holds the ticket\'s lock; owner and state changes wait until it is released.',
  'not-found': 'No such ticket — or one the agent may not read: a ticket outside an agent\'s view does not exist for them, and the answer is the one for an unknown id, word for word (messages name the field, never the id).',
  'invalid-transition': 'The state cannot change this way: `merged` outside a merge, back to `new`, or anything on a merged ticket.',
  'already-exists': 'An id the mutation creates (ticket, article, attachment, link, time entry) exists already under another mutation, or the same link does. Ids are global: the message names the kind of entity and is the same whether or not the agent may read it.',
  'held-back': 'An earlier mutation of the same ticket in this batch did not apply. Not stored: send it again after the earlier one is resolved.',
};

export const syncReasonDescriptions: Record<(typeof syncReasons)[number], string> = {
  'resync-required': 'The feed cannot continue from this cursor (not issued by this server, another agent\'s, ahead of the log, or permissions changed mid-bootstrap): purge the cache and start again with an empty cursor.',
  'invalid-request': 'Malformed query or envelope; the message names the field. Per-mutation problems are results, never this.',
  unauthenticated: 'No token, an unknown or a revoked one.',
  'session-expired': 'The session passed its idle or absolute expiry: sign in again.',
  'not-found': 'No such attachment or queue, or an attachment the agent may not read (the same answer).',
  'permission-denied': 'The agent lacks the right the call needs (owner candidates: `ro` on the queue\'s group).',
};

export const closeDescriptions: Record<EventsCloseReason, string> = {
  'permissions-changed': 'The agent\'s permissions changed. Pull at once: the feed answers with a scoped resync (or `410 resync-required`). Then reconnect.',
  unauthenticated: 'The session was revoked (logout) or no longer exists. Sign in again.',
  'session-expired': 'The session passed its idle or absolute expiry. Sign in again.',
  'too-many-connections': 'The agent opened more sockets on this server instance than allowed; the oldest gives way. Do not reconnect it.',
  'server-shutdown': 'The server instance is stopping. Reconnect (the load balancer picks another instance) and pull.',
};

export const limitDescriptions: Record<keyof typeof limits, string> = {
  usernameMaxLength: 'characters of a user name at login',
  passwordMaxLength: 'characters of a password at login',
  customerSearchMaxLength: 'characters of a customer search',
  customerSearchMaxResults: 'results of a customer search',
  displayNameMaxLength: 'characters of a display name',
  smallBodyBytes: 'bytes of a request body, except mutation batches',
  ticketTitleMaxLength: 'characters of a ticket title',
  articleSubjectMaxLength: 'characters of an article subject (and a time entry note)',
  articleBodyMaxLength: 'characters of an article body',
  attachmentMaxBytes: 'bytes of one attachment (before base64)',
  attachmentsPerArticle: 'attachments on one article',
  attachmentFilenameMaxLength: 'characters of an attachment file name',
  emailRecipientsPerArticle: 'addresses (`to` and `cc` together) of an agent\'s e-mail reply',
  emailAddressMaxLength: 'characters of one e-mail address',
  timeEntryMaxMinutes: 'minutes of one time entry or an article\'s time units',
  mutationsPerBatch: 'mutations in one `POST /api/v1/sync/mutations`',
  mutationBatchMaxBytes: 'bytes of a mutation batch on the wire (attachments base64-encoded inside)',
  changesPageMaxCount: 'changes in one page of the feed (`limit`)',
  changesPageMaxBytes: 'bytes after which a page of the feed stops growing',
};
