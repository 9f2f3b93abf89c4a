import { closedStates, pendingStates, type TicketState } from '../../../../src-shared/sync/entities.js';
import { mutationRules } from '../../../../src-shared/sync/mutations.js';
import type { Bank } from '../../../../src-shared/node/bank/bank-types.js';
import type { ScriptStep, TicketScript } from '../../../../src-shared/node/bank/script-types.js';
import { bankQueues, mayAct, mayEnter, type BankQueue } from '../../../../src-shared/node/bank/service-organisation.js';

interface Tracked {
  queue: BankQueue;
  state: TicketState;
  locked: boolean;
  ownerKey: string | null;
  customerKey: string | null;
}

/**
 * Replays scripts in global time order with the rules Kontor Server applies (each mutation's
 * rights on the group of the ticket's queue at that moment and its lock rule, from
 * `mutationRules`; pending times; merged tickets), tracking each ticket here independently of
 * the generator's writer, and returns every step it would refuse.
 */
export function replayProblems(bank: Bank, scripts: readonly TicketScript[]): string[] {
  const agents = new Map(bank.agents.map((agent) => [agent.key, agent]));
  const queues = new Map(bankQueues.map((queue) => [queue.id, queue]));
  const tickets = new Map<string, Tracked>();
  const problems: string[] = [];
  const steps = scripts.flatMap((script) => script.steps.map((step) => ({ step, script })));
  steps.sort((a, b) => a.step.at.getTime() - b.step.at.getTime());
  for (const { step, script } of steps) {
    const problem = check(step, script);
    if (problem) problems.push(`${script.ticketId} ${step.name} by ${step.agentKey}: ${problem}`);
  }
  return problems;

  function check(step: ScriptStep, script: TicketScript): string | null {
    const agent = agents.get(step.agentKey);
    if (!agent?.active) return 'no such active agent';
    if (step.name === 'ticket.create') {
      const queue = queues.get(step.args.queueId);
      if (!queue || !mayEnter(agent.permissions, queue.group, mutationRules['ticket.create'].rights.queue)) return 'may not create there';
      tickets.set(step.args.ticketId, { queue, state: 'new', locked: false, ownerKey: null, customerKey: script.customerKey });
      return null;
    }
    const ticket = tickets.get(step.args.ticketId);
    if (!ticket) return 'ticket does not exist yet';
    if (ticket.state === 'merged') return 'ticket is merged';
    const group = ticket.queue.group;
    const may = (right: Parameters<typeof mayAct>[2]): boolean => mayAct(agent.permissions, group, right);
    const lockedByOther = mutationRules[step.name].respectsLock && ticket.locked && ticket.ownerKey !== agent.key;
    switch (step.name) {
      case 'ticket.addArticle': {
        const { article } = step.args;
        const { rights } = mutationRules['ticket.addArticle'];
        if (!may(article.visibility === 'internal' ? rights.internal : rights.customerVisible)) return 'may not write this article';
        if (article.sender === 'customer' && closedStates.includes(ticket.state)) ticket.state = 'open';
        if (article.sender !== 'customer' && step.actorKey !== step.agentKey) return 'an agent article acted by someone else';
        return null;
      }
      case 'ticket.move': {
        const target = queues.get(step.args.queueId);
        const right = mutationRules['ticket.move'].rights.queues;
        if (!target || !may(right) || !mayEnter(agent.permissions, target.group, right)) return 'may not move';
        if (lockedByOther) return 'locked by another agent';
        ticket.queue = target;
        return null;
      }
      case 'ticket.setState': {
        if (!may(mutationRules['ticket.setState'].rights.ticket) || lockedByOther) return 'may not set the state';
        const pending = pendingStates.includes(step.args.state);
        const until = step.args.pendingUntil === null ? null : Date.parse(step.args.pendingUntil);
        if (pending !== (until !== null) || (until !== null && until <= step.at.getTime())) return 'bad pendingUntil';
        if (step.args.state === 'merged' || step.args.state === 'new') return 'state set directly';
        ticket.state = step.args.state;
        return null;
      }
      case 'ticket.setPriority':
        return may(mutationRules['ticket.setPriority'].rights.ticket) ? null : 'may not set the priority';
      case 'ticket.setOwner': {
        const owner = [...agents.values()].find((candidate) => candidate.id === step.args.ownerId);
        const right = mutationRules['ticket.setOwner'].rights.ticket;
        if (!may(right) || lockedByOther || !owner || !mayAct(owner.permissions, group, right)) return 'may not set this owner';
        ticket.ownerKey = owner.key;
        return null;
      }
      case 'ticket.lock':
        if (!may(mutationRules['ticket.lock'].rights.ticket) || lockedByOther) return 'may not lock';
        ticket.locked = true;
        ticket.ownerKey = agent.key;
        return null;
      case 'ticket.unlock':
        if (!may(mutationRules['ticket.unlock'].rights.ticket)) return 'may not unlock';
        ticket.locked = false;
        return null;
      case 'ticket.merge': {
        const into = tickets.get(step.args.intoTicketId);
        const right = mutationRules['ticket.merge'].rights.bothTickets;
        if (!into || into.state === 'merged' || !may(right) || !mayAct(agent.permissions, into.queue.group, right) || lockedByOther) return 'may not merge';
        ticket.state = 'merged';
        return null;
      }
      case 'ticket.link': {
        const target = tickets.get(step.args.targetTicketId);
        const { rights } = mutationRules['ticket.link'];
        if (!target || target.state === 'merged' || !may(rights.source) || !mayAct(agent.permissions, target.queue.group, rights.target)) return 'may not link';
        return null;
      }
      case 'ticket.accountTime':
        return may(mutationRules['ticket.accountTime'].rights.ticket) ? null : 'may not account time';
      case 'ticket.setSla':
        return 'not generated';
      case 'ticket.setResponsible':
        return 'not generated';
    }
  }
}
