import type { Agent } from '../../../src-shared/domain/people.js';
import { ticketStates, type TicketState, type TicketType } from '../../../src-shared/sync/entities.js';
import type { Translate } from '../../i18n/use-t.js';

/** The first block of an id: enough to tell two apart on screen, short enough to read. */
export const shortId = (id: string): string => id.split('-')[0] ?? id;

export const stateLabel = (t: Translate, state: TicketState): string => t(`ticket.state.${state}`);
export const typeLabel = (t: Translate, type: TicketType): string => t(`ticket.type.${type}`);

/**
 * A person the ticket names by stable id. The Desk's channels carry no names of agents and
 * customer users for one ticket yet: the signed-in agent is named, everyone else by id.
 */
export function personLabel(t: Translate, id: string | null, me: Agent | null, none: string): string {
  if (id === null) return none;
  if (me !== null && id === me.id) return t('ticket.me', me.displayName);
  return t('ticket.unnamed-person', shortId(id));
}

export function queueLabel(t: Translate, queueId: string, names: ReadonlyMap<string, string>): string {
  return names.get(queueId) ?? t('ticket.unnamed-queue', shortId(queueId));
}

export const isTicketState = (value: unknown): value is TicketState => typeof value === 'string' && (ticketStates as readonly string[]).includes(value);
