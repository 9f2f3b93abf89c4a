import { describe, expect, it } from 'vitest';
import { dueAfterArticle, dueAfterStateChange, dueAtCreation } from '../../../src-server/domain/sla-clock.js';

const sla = { firstResponseMinutes: 30, updateMinutes: 120, solutionMinutes: 480, warningPercent: 80 };
const created = new Date('2025-03-10T08:00:00.000Z');
const later = new Date('2025-03-10T09:00:00.000Z');
const due = dueAtCreation(sla, created);

describe('SLA clocks with fixed targets', () => {
  it('start at creation', () => {
    expect(due).toEqual({ firstResponseDue: '2025-03-10T08:30:00.000Z', updateDue: '2025-03-10T10:00:00.000Z', solutionDue: '2025-03-10T16:00:00.000Z' });
  });

  it('stop the first-response clock at the first customer-visible agent article, not at a note', () => {
    expect(dueAfterArticle(due, 'open', sla, { sender: 'agent', visibility: 'internal' }, later)).toEqual(due);
    expect(dueAfterArticle(due, 'open', sla, { sender: 'agent', visibility: 'customer-visible' }, later).firstResponseDue).toBeNull();
  });

  it('restart the update clock at a customer article, except while pending', () => {
    expect(dueAfterArticle(due, 'open', sla, { sender: 'customer', visibility: 'customer-visible' }, later).updateDue).toBe('2025-03-10T11:00:00.000Z');
    const pending = dueAfterStateChange(due, sla, { from: 'open', to: 'pending-reminder', createdAt: created.toISOString(), firstResponded: false }, later);
    expect(pending.updateDue).toBeNull();
    expect(dueAfterArticle(pending, 'pending-reminder', sla, { sender: 'customer', visibility: 'customer-visible' }, later).updateDue).toBeNull();
    expect(dueAfterStateChange(pending, sla, { from: 'pending-reminder', to: 'open', createdAt: created.toISOString(), firstResponded: false }, later).updateDue).toBe('2025-03-10T11:00:00.000Z');
  });

  it('clear every clock on close and anchor them at creation again on reopen', () => {
    const closed = dueAfterStateChange(due, sla, { from: 'open', to: 'closed-successful', createdAt: created.toISOString(), firstResponded: false }, later);
    expect(closed).toEqual({ firstResponseDue: null, updateDue: null, solutionDue: null });
    const reopened = dueAfterStateChange(closed, sla, { from: 'closed-successful', to: 'open', createdAt: created.toISOString(), firstResponded: true }, later);
    expect(reopened).toEqual({ firstResponseDue: null, updateDue: '2025-03-10T11:00:00.000Z', solutionDue: '2025-03-10T16:00:00.000Z' });
  });
});
