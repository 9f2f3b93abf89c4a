import { closedStates, pendingStates, type TicketState } from '../../../../src-shared/sync/entities.js';
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
 * Replays scripts in global time order with the rules Kontor Server applies (rights on the
 * group of the ticket's queue at that moment, other agents' locks, pending times, merged
 * tickets), written here independently of the generator, and returns every step it would refuse.
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
      if (!queue || !mayEnter(agent.permissions, queue.group, 'create')) return 'may not create there';
      tickets.set(step.args.ticketId, { queue, state: 'new', locked: false, ownerKey: null, customerKey: script.customerKey });
      return null;
    }
    const ticket = tickets.get(step.args.ticketId);
    if (!ticket) return 'ticket does not exist yet';
    if (ticket.state === 'merged') return 'ticket is merged';
    const group = ticket.queue.group;
    const may = (right: Parameters<typeof mayAct>[2]): boolean => mayAct(agent.permissions, group, right);
    const lockedByOther = ticket.locked && ticket.ownerKey !== agent.key;
    switch (step.name) {
      case 'ticket.addArticle': {
        const { article } = step.args;
        if (!may(article.visibility === 'internal' ? 'note' : 'rw')) return 'may not write this article';
        if (article.sender === 'customer' && closedStates.includes(ticket.state)) ticket.state = 'open';
        if (article.sender !== 'customer' && step.actorKey !== step.agentKey) return 'an agent article acted by someone else';
        return null;
      }
      case 'ticket.move': {
        const target = queues.get(step.args.queueId);
        if (!target || !may('move_into') || !mayEnter(agent.permissions, target.group, 'move_into')) return 'may not move';
        if (lockedByOther) return 'locked by another agent';
        ticket.queue = target;
        return null;
      }
      case 'ticket.setState': {
        if (!may('rw') || lockedByOther) return 'may not set the state';
        const pending = pendingStates.includes(step.args.state);
        const until = step.args.pendingUntil === null ? null : Date.parse(step.args.pendingUntil);
        if (pending !== (until !== null) || (until !== null && until <= step.at.getTime())) return 'bad pendingUntil';
        if (step.args.state === 'merged' || step.args.state === 'new') return 'state set directly';
        ticket.state = step.args.state;
        return null;
      }
      case 'ticket.setPriority':
        return may('priority') ? null : 'may not set the priority';
      case 'ticket.setOwner': {
        const owner = [...agents.values()].find((candidate) => candidate.id === step.args.ownerId);
        if (!may('owner') || lockedByOther || !owner || !mayAct(owner.permissions, group, 'owner')) return 'may not set this owner';
        ticket.ownerKey = owner.key;
        return null;
      }
      case 'ticket.lock':
        if (!may('rw') || lockedByOther) return 'may not lock';
        ticket.locked = true;
        ticket.ownerKey = agent.key;
        return null;
      case 'ticket.unlock':
        if (!may('rw')) return 'may not unlock';
        ticket.locked = false;
        return null;
      case 'ticket.merge': {
        const into = tickets.get(step.args.intoTicketId);
        if (!into || into.state === 'merged' || !may('rw') || !mayAct(agent.permissions, into.queue.group, 'rw') || lockedByOther) return 'may not merge';
        ticket.state = 'merged';
        return null;
      }
      case 'ticket.link': {
        const target = tickets.get(step.args.targetTicketId);
        if (!target || target.state === 'merged' || !may('rw') || !mayAct(agent.permissions, target.queue.group, 'ro')) return 'may not link';
        return null;
      }
      case 'ticket.accountTime':
        return may('note') ? null : 'may not account time';
      case 'ticket.setResponsible':
        return 'not generated';
    }
  }
}
