import { hasRight } from '../../../../src-shared/permissions.js';
import { DirectoryInputError } from '../../../../src-shared/node/directory/types.js';
import { mutationArgs, mutationRules } from '../../../../src-shared/sync/mutations.js';
import type { DecodedAttachment } from '../../../domain/attachments.js';
import { ticketChange } from '../../../domain/changes.js';
import { appendHistory } from '../../../domain/history.js';
import { findTicketCustomer, type TicketCustomer } from '../../../domain/people.js';
import { loadQueue } from '../../../domain/queues.js';
import type { Queue } from '../../../../src-shared/sync/entities.js';
import { clocksAfterArticle, clocksAtCreation } from '../../../../src-shared/sla/clocks.js';
import { clockFieldsOf } from '../../../../src-shared/sla/ticket-clocks.js';
import { slaOfQueue } from '../../../domain/slas.js';
import { insertNumberedTicket } from '../../../domain/tickets.js';
import { decodeArticleAttachments, storeArticle } from '../article-input.js';
import { actorIdOf, type MutationActor } from '../actor.js';
import { customerArticleProblem, customerOpenerProblem, opensToCustomers, queueClosedToCustomers } from '../customer-rules.js';
import { defineCustomerMutation, type PrepareDependencies } from '../define.js';
import { idTaken } from '../id-clash.js';
import { applied, reject, type MutationContext, type Rejection } from '../outcome.js';
import { historyData, recipientsData } from '../ticket-write.js';

interface Prepared {
  attachments: DecodedAttachment[];
  customer: TicketCustomer | null;
}

/**
 * The customer of a phone ticket, looked up before the transaction (the directory may be slow);
 * a customer who opens a ticket is its customer user, with their institution, whatever the
 * arguments say (customer-rules.ts refuses another id).
 */
async function customerOf(deps: PrepareDependencies<MutationActor>, customerUserId: string | null): Promise<{ customer: TicketCustomer | null } | Rejection> {
  const { actor } = deps;
  if (actor.kind === 'customer') return { customer: { customerUserId: actor.customerUserId, institutionId: actor.institutionId } };
  if (customerUserId === null) return { customer: null };
  try {
    const customer = await findTicketCustomer(deps.directory, deps.customersBase, customerUserId);
    return customer ? { customer } : reject('invalid-args', `customerUserId: no customer user with id ${customerUserId}`);
  } catch (error) {
    if (error instanceof DirectoryInputError) return reject('invalid-args', `customerUserId: ${error.message}`);
    throw error;
  }
}

/** Whether the actor may open a ticket in this queue: an agent by `create` on its group, a customer where the bank opens it to them, an unknown sender's mail in its one queue. */
async function queueProblem(ctx: MutationContext<MutationActor>, queueId: string): Promise<{ queue: Queue } | Rejection> {
  const queue = await loadQueue(ctx.tx, queueId);
  if (ctx.actor.kind === 'customer') {
    return queue !== null && opensToCustomers(ctx.customers, queue) ? { queue } : queueClosedToCustomers();
  }
  if (!queue) return reject('invalid-args', `queueId: there is no queue ${queueId}`);
  // The dispatcher holds an unknown sender to its queue already; its right covers the whole group, so say it here too.
  if (ctx.actor.kind === 'unknown-sender' && queue.id.toLowerCase() !== ctx.actor.queueId) {
    return reject('permission-denied', 'queueId: a mail from an unknown sender opens tickets in the unknown-senders queue only');
  }
  if (!queue.valid) return reject('invalid-args', `queueId: queue ${queue.name} is no longer in use`);
  if (!hasRight(ctx.actor.permissions, queue.group, mutationRules['ticket.create'].rights.queue)) {
    return reject('permission-denied', `ticket.create needs the right "${mutationRules['ticket.create'].rights.queue}" on group ${queue.group} of queue ${queue.name}`);
  }
  return { queue };
}

/**
 * Creates a ticket with its first article: a phone ticket for a customer user (their
 * institution recorded with it) or an internal ticket. Needs `create` on the queue's group;
 * the server gives the number. A customer opens one for themselves in a queue open to
 * customers, with their own customer-visible words (customer-rules.ts).
 */
export const create = defineCustomerMutation(
  mutationArgs['ticket.create'],
  async (deps, args): Promise<{ prepared: Prepared } | Rejection> => {
    if (deps.actor.kind === 'customer') {
      const problem = customerOpenerProblem(deps.actor, args.customerUserId, args.priority) ?? customerArticleProblem(args.article);
      if (problem) return problem;
    }
    const decoded = decodeArticleAttachments(args.article);
    if ('status' in decoded) return decoded;
    const found = await customerOf(deps, args.customerUserId);
    if ('status' in found) return found;
    return { prepared: { attachments: decoded.prepared, customer: found.customer } };
  },
  async (ctx, args, prepared) => {
    const allowed = await queueProblem(ctx, args.queueId);
    if ('status' in allowed) return allowed;
    const { queue } = allowed;

    const now = ctx.now.toISOString();
    const sla = await slaOfQueue(ctx.tx, queue.id);
    const clocks = clocksAfterArticle(sla.calendar, sla.targets, clocksAtCreation(sla.calendar, sla.targets, ctx.now), 'new', args.article, ctx.now);
    const record = await insertNumberedTicket(
      ctx.tx,
      {
        id: args.ticketId,
        // Taken by the INSERT itself.
        number: '00000000000000',
        title: args.title,
        queueId: queue.id,
        type: args.type,
        state: 'new',
        priority: args.priority,
        locked: false,
        ownerId: null,
        responsibleId: null,
        customerUserId: prepared.customer?.customerUserId ?? null,
        institutionId: prepared.customer?.institutionId ?? null,
        pendingUntil: null,
        slaId: null,
        ...clockFieldsOf(clocks),
        createdAt: now,
        createdBy: actorIdOf(ctx.actor),
        updatedAt: now,
        version: 1,
      },
      queue.group,
      ctx.now,
    );
    // The ticket's INSERT tells whether the id is taken; the number it took goes back with the rollback.
    if (record === null) return idTaken('ticket');
    const stored = await storeArticle(ctx, { id: record.ticket.id, group: queue.group }, args.article, prepared.attachments, args.performedAt);
    if ('status' in stored) return stored;
    const { ticket } = record;
    const history = await appendHistory(
      ctx.tx,
      {
        ticketId: ticket.id,
        event: 'created',
        actorId: actorIdOf(ctx.actor),
        data: historyData(
          ctx.actor,
          { number: ticket.number, queueId: ticket.queueId, title: ticket.title, type: ticket.type, priority: ticket.priority, customerUserId: ticket.customerUserId, articleId: stored.article.id, ...recipientsData(args.article) },
          undefined,
        ),
        occurredAt: ctx.now,
      },
      queue.group,
    );
    return applied(record, [ticketChange(ticket, queue.group), stored.change, history.change], args.article.recipients);
  },
);
