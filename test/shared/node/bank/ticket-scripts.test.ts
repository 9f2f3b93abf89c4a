import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mutationArgs } from '../../../../src-shared/sync/mutations.js';
import { generateBank } from '../../../../src-shared/node/bank/bank.js';
import { berlinTime } from '../../../../src-shared/node/bank/berlin-time.js';
import type { ScriptStep, TicketScript } from '../../../../src-shared/node/bank/script-types.js';
import { bankQueue, queueNames } from '../../../../src-shared/node/bank/service-organisation.js';
import { generateTicketScripts, type TicketScriptOptions } from '../../../../src-shared/node/bank/ticket-scripts.js';
import { replayProblems } from './script-replay.js';

const bank = generateBank({ seed: 'test' });
const year: TicketScriptOptions = { seed: 'test', tickets: 3000, from: new Date('2024-01-01T00:00:00+01:00'), to: new Date('2025-01-01T00:00:00+01:00') };
const take = (count: number, options: TicketScriptOptions): TicketScript[] => {
  const scripts: TicketScript[] = [];
  for (const script of generateTicketScripts(bank, options)) {
    if (scripts.length === count) break;
    scripts.push(script);
  }
  return scripts;
};
const scripts = take(Infinity, year);
// The last month alone: tickets still new, open or pending, as a team lead sees them on 31 December.
const lastMonth = take(Infinity, { seed: 'month', tickets: 600, from: new Date('2024-12-01T00:00:00+01:00'), to: year.to });
const steps = scripts.flatMap((script) => script.steps);
const articles = steps.flatMap((step) => (step.name === 'ticket.create' || step.name === 'ticket.addArticle' ? [step.args.article] : []));
const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('generateTicketScripts', () => {
  it('gives the same scripts for the same seed and other scripts for another seed', () => {
    expect(hash(take(200, year))).toBe(hash(scripts.slice(0, 200)));
    expect(hash(take(200, { ...year, seed: 'other' }))).not.toBe(hash(scripts.slice(0, 200)));
  });

  it('makes exactly as many tickets as asked, in creation order, within the period', () => {
    expect(scripts).toHaveLength(3000);
    expect(scripts.map((script) => script.index)).toEqual(scripts.map((_, index) => index));
    for (const [index, script] of scripts.entries()) {
      if (index > 0) expect(script.createdAt.getTime()).toBeGreaterThanOrEqual((scripts[index - 1] as TicketScript).createdAt.getTime());
      expect(script.steps[0]).toMatchObject({ name: 'ticket.create', at: script.createdAt });
    }
    expect(Math.min(...scripts.map((s) => s.createdAt.getTime()))).toBeGreaterThanOrEqual(year.from.getTime());
    expect(Math.max(...steps.map((s) => s.at.getTime()))).toBeLessThan(year.to.getTime());
  });

  it('writes every step with arguments the mutation catalogue accepts, in time order', () => {
    for (const step of steps) {
      const parsed = mutationArgs[step.name].safeParse(step.args);
      expect(parsed.success ? null : { step, issues: parsed.error.issues }).toBeNull();
    }
    for (const script of scripts) {
      const times = script.steps.map((step) => step.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(times).size).toBe(times.length);
    }
  });

  it('gives time-ordered version-7 ids that never repeat', () => {
    for (const script of scripts) {
      expect(script.ticketId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
      expect(parseInt(script.ticketId.replace(/-/gu, '').slice(0, 12), 16)).toBe(script.createdAt.getTime());
    }
    const ids = [
      ...scripts.map((script) => script.ticketId),
      ...articles.flatMap((article) => [article.articleId, ...article.attachments.map((file) => file.id)]),
      ...steps.flatMap((step) => (step.name === 'ticket.accountTime' ? [step.args.entryId] : step.name === 'ticket.link' ? [step.args.linkId] : [])),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lets only agents act who may, where and when they act: replayed with the server\'s rules, nothing is refused', () => {
    expect(replayProblems(bank, [...scripts])).toEqual([]);
    expect(replayProblems(bank, lastMonth)).toEqual([]);
    const contractors = new Set(bank.agents.filter((agent) => agent.contractor).map((agent) => agent.key));
    expect(steps.some((step) => contractors.has(step.agentKey))).toBe(true);
  });

  it('has a replay check that refuses what the server would refuse (another agent\'s lock, a contractor outside their queues)', () => {
    const contractor = bank.agents.find((agent) => agent.contractor);
    const custody = scripts.find((script) => script.queue === 'Wertpapiere::Verwahrung' && script.steps.some((step) => step.name === 'ticket.lock'));
    if (!contractor || !custody) throw new Error('test data lacks a contractor or a custody ticket');
    const tampered = custody.steps.map((step) => (step.name === 'ticket.lock' ? { ...step, agentKey: contractor.key, actorKey: contractor.key } : step));
    expect(replayProblems(bank, [{ ...custody, steps: tampered }]).length).toBeGreaterThan(0);
    const locked = scripts.find((script) => script.steps.filter((step) => step.name === 'ticket.lock').length > 0 && script.steps.some((step) => step.name === 'ticket.setState'));
    if (!locked) throw new Error('test data lacks a locked ticket');
    const intruder = bank.agents.find((agent) => agent.active && !agent.contractor && agent.key !== locked.steps.find((step) => step.name === 'ticket.lock')?.agentKey && agent.groups.includes('kontor-teamleads'));
    const stolen = locked.steps.map((step) => (step.name === 'ticket.setState' ? { ...step, agentKey: intruder?.key ?? '' } : step));
    expect(replayProblems(bank, [{ ...locked, steps: stolen }]).length).toBeGreaterThan(0);
  });

  it('gives customer tickets their customer and internal helpdesk tickets none, opened by staff', () => {
    const agents = new Map(bank.agents.map((agent) => [agent.key, agent]));
    const customers = new Map(bank.customers.map((customer) => [customer.key, customer]));
    const creates = scripts.map((script) => ({ script, create: script.steps[0] as Extract<ScriptStep, { name: 'ticket.create' }> }));
    const internal = creates.filter(({ create }) => create.args.queueId === bankQueue('Interner Helpdesk').id);
    expect(internal.length).toBeGreaterThan(100);
    for (const { script, create } of internal) {
      expect(create.args.customerUserId).toBeNull();
      expect(script.customerKey).toBeNull();
      const opener = agents.get(create.agentKey);
      expect(opener?.contractor).toBe(false);
      expect(opener?.groups).not.toContain('kontor-helpdesk');
    }
    for (const { script, create } of creates.filter((entry) => entry.script.customerKey !== null)) {
      const customer = customers.get(script.customerKey ?? '');
      expect(create.args.customerUserId).toBe(customer?.id);
      expect(script.institutionKey).toBe(customer?.institutionKey);
    }
  });

  it('ends the year with most tickets closed successfully and every other state present', () => {
    const states = new Map<string, number>();
    for (const script of [...scripts, ...lastMonth]) states.set(script.state, (states.get(script.state) ?? 0) + 1);
    expect((states.get('closed-successful') ?? 0) / scripts.length).toBeGreaterThan(0.7);
    for (const state of ['closed-unsuccessful', 'open', 'new', 'pending-reminder', 'pending-auto-close', 'merged']) expect(states.get(state) ?? 0).toBeGreaterThan(0);
    const pending = lastMonth.filter((script) => script.state === 'pending-reminder');
    for (const script of pending) {
      const last = script.steps.filter((step) => step.name === 'ticket.setState').at(-1);
      expect(last?.name === 'ticket.setState' && last.args.pendingUntil).toBeTruthy();
    }
  });

  it('moves tickets from ServiceLine to second level, with owners, time accounting, merges and links', () => {
    const count = (name: ScriptStep['name']): number => steps.filter((step) => step.name === name).length;
    for (const name of ['ticket.move', 'ticket.lock', 'ticket.unlock', 'ticket.setOwner', 'ticket.setPriority', 'ticket.merge', 'ticket.link', 'ticket.accountTime'] as const) expect(count(name)).toBeGreaterThan(0);
    const secondLevel = new Set(queueNames.filter((name) => name !== 'ServiceLine').map((name) => bankQueue(name).id));
    expect(steps.filter((step) => step.name === 'ticket.move' && secondLevel.has(step.args.queueId)).length).toBeGreaterThan(1000);
    expect(articles.filter((article) => article.timeUnits > 0).length).toBeGreaterThan(1000);
    const byId = new Map(scripts.map((script) => [script.ticketId, script]));
    for (const script of scripts.filter((s) => s.state === 'merged')) {
      const merge = script.steps.find((step) => step.name === 'ticket.merge');
      const into = byId.get(merge?.name === 'ticket.merge' ? merge.args.intoTicketId : '');
      expect(into?.institutionKey).toBe(script.institutionKey);
      expect(script.createdAt.getTime() - (into?.createdAt.getTime() ?? 0)).toBeLessThanOrEqual(2 * 86_400_000);
    }
  });

  it('keeps complete tickets between 3 and 8 articles', () => {
    for (const script of scripts.filter((s) => s.state === 'closed-successful' || s.state === 'closed-unsuccessful')) {
      const count = script.steps.filter((step) => step.name === 'ticket.create' || step.name === 'ticket.addArticle').length;
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(8);
    }
  });

  it('answers slowly where it planned an SLA breach', () => {
    const slow = scripts.filter((script) => script.slowFirstAnswer && script.state !== 'new');
    expect(slow.length).toBeGreaterThan(50);
    for (const script of slow) {
      const firstAnswer = script.steps.find((step) => step.name === 'ticket.addArticle' && step.args.article.sender === 'agent' && step.args.article.visibility === 'customer-visible');
      const queue = bankQueue(script.queue);
      if (firstAnswer) expect(firstAnswer.at.getTime() - script.createdAt.getTime()).toBeGreaterThan(queue.sla.firstResponseMinutes * 60_000);
    }
  });

  it('opens tickets mostly in working hours, some in the evening, a few on Saturday nights, fewer in August than in May', () => {
    const local = scripts.map((script) => berlinTime(script.createdAt.getTime()));
    const working = local.filter((t) => t.weekday >= 1 && t.weekday <= 5 && t.hour >= 8 && t.hour < 18).length;
    expect(working / local.length).toBeGreaterThan(0.75);
    expect(local.filter((t) => t.weekday >= 1 && t.weekday <= 5 && t.hour >= 18).length).toBeGreaterThan(0);
    expect(local.filter((t) => t.weekday === 6 && t.hour >= 19).length).toBeGreaterThan(0);
    expect(local.filter((t) => t.month === 7).length).toBeLessThan(local.filter((t) => t.month === 4).length);
  });
});
