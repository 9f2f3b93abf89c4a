import { create } from 'zustand';
import type { TicketType } from '../../../src-shared/sync/entities.js';

/** What the agent just saved, as they typed it: shown until the cache holds the ticket. */
export interface CreatedTicket {
  ticketId: string;
  title: string;
  queueName: string;
  priority: number;
  type: TicketType;
  /** The caller's label, or null for an internal ticket. */
  caller: string | null;
}

interface CreatedState {
  tickets: Readonly<Record<string, CreatedTicket>>;
  add: (ticket: CreatedTicket) => void;
  clear: () => void;
}

/**
 * Tickets created in this sign-in (UI state, memory only). `tickets.get` knows a ticket only once
 * the feed brought it (a create waiting in the outbox has no canonical row), so until then the
 * ticket screen shows these fields as pending instead of "not found". See docs/desk-ui.md.
 */
export const useCreatedTickets = create<CreatedState>()((set) => ({
  tickets: {},
  add: (ticket) => set((state) => ({ tickets: { ...state.tickets, [ticket.ticketId]: ticket } })),
  clear: () => set({ tickets: {} }),
}));
