import { closedStates } from '../../../../src-shared/sync/entities.js';
import { mutationArgs, mutationRules } from '../../../../src-shared/sync/mutations.js';
import { appendHistory } from '../../../domain/history.js';
import { clocksAfterArticle } from '../../../../src-shared/sla/clocks.js';
import { clockFieldsOf, clocksOfTicket } from '../../../../src-shared/sla/ticket-clocks.js';
import { clocksForState, slaOfTicket } from '../../../domain/ticket-sla.js';
import type { NewChange } from '../../change-log.js';
import { decodeArticleAttachments, storeArticle } from '../article-input.js';
import { actorIdOf } from '../actor.js';
import { customerArticleProblem } from '../customer-rules.js';
import { defineCustomerMutation } from '../define.js';
import { openTicket } from '../guard.js';
import { applied } from '../outcome.js';
import { historyData, recipientsData, writeTicket } from '../ticket-write.js';

/**
 * Adds an article: `note` for an internal one, `rw` for one the customer sees. A customer's
 * follow-up reopens a closed ticket. Moves the SLA clocks; never conflicts. A customer adds
 * their own customer-visible words to a ticket of their institution (customer-rules.ts).
 */
export const addArticle = defineCustomerMutation(
  mutationArgs['ticket.addArticle'],
  (_deps, args) => Promise.resolve(decodeArticleAttachments(args.article)),
  async (ctx, args, attachments) => {
    const input = args.article;
    if (ctx.actor.kind === 'customer') {
      const problem = customerArticleProblem(input);
      if (problem) return problem;
    }
    const right = input.visibility === 'internal' ? mutationRules['ticket.addArticle'].rights.internal : mutationRules['ticket.addArticle'].rights.customerVisible;
    const opened = await openTicket(ctx, args.ticketId, right);
    if (!opened.ok) return opened.outcome;
    const { ticket, group } = opened.record;
    const stored = await storeArticle(ctx, { id: ticket.id, group }, input, attachments, args.performedAt);
    if ('status' in stored) return stored;

    const changes: NewChange[] = [stored.change];
    const sla = await slaOfTicket(ctx.tx, opened.record);
    const reopen = input.sender === 'customer' && closedStates.includes(ticket.state);
    let clocks = clocksOfTicket(ticket);
    if (reopen) {
      clocks = clocksOfTicket(clocksForState(opened.record, 'open', sla, ctx.now));
      const reopened = await appendHistory(
        ctx.tx,
        {
          ticketId: ticket.id,
          event: 'state-changed',
          actorId: actorIdOf(ctx.actor),
          data: historyData(ctx.actor, { from: ticket.state, to: 'open', reason: 'customer-follow-up', articleId: stored.article.id }, undefined),
          occurredAt: ctx.now,
        },
        group,
      );
      changes.push(reopened.change);
    }
    const state = reopen ? 'open' : ticket.state;
    const due = clockFieldsOf(clocksAfterArticle(sla.calendar, sla.targets, clocks, state, input, ctx.now));
    const written = await writeTicket(ctx, opened.record, {
      changes: reopen ? { state, pendingUntil: null, ...due } : due,
      written: reopen ? ['state', 'pendingUntil'] : [],
      history: { event: 'article-added', data: { articleId: stored.article.id, channel: input.channel, visibility: input.visibility, sender: input.sender, ...recipientsData(input) } },
      performedAt: args.performedAt,
    });
    return applied(written.record, [...changes, ...written.changes], input.recipients);
  },
);
