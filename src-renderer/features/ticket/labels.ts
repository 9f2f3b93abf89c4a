import type { Agent } from '../../../src-shared/domain/people.js';
import { ticketStates, type TicketState, type TicketType } from '../../../src-shared/sync/entities.js';
import type { Translate } from '../../i18n/use-t.js';

/** The first block of an id: enough to tell two apart on screen, short enough to read. */
export const shortId = (id: string): string => id.split('-')[0] ?? id;

export const stateLabel = (t: Translate, state: TicketState): string => t(`ticket.state.${state}`);
export const typeLabel = (t: Translate, type: TicketType): string => t(`ticket.type.${type}`);

/** Who the ticket's agent ids stand for: the signed-in agent, and the names `tickets.get` found in the cache. */
export interface People {
  me: Agent | null;
  agents: Readonly<Record<string, string>>;
}

/** An agent the ticket names by stable id: by name where the cache knows them, by id otherwise. */
export function personLabel(t: Translate, id: string | null, people: People, none: string): string {
  if (id === null) return none;
  if (people.me !== null && id === people.me.id) return t('ticket.me', people.me.displayName);
  return people.agents[id] ?? t('ticket.unnamed-person', shortId(id));
}

export function queueLabel(t: Translate, queueId: string, names: ReadonlyMap<string, string>): string {
  return names.get(queueId) ?? t('ticket.unnamed-queue', shortId(queueId));
}

export const isTicketState = (value: unknown): value is TicketState => typeof value === 'string' && (ticketStates as readonly string[]).includes(value);
