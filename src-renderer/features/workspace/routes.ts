import { z } from 'zod';
import { printPath } from '../../../src-shared/reports/print-route.js';
import {
  ticketListFiltersSchema,
  ticketSortKeys,
  type TicketListFilters,
  type TicketListView,
  type TicketSortKey,
} from '../../../src-shared/ipc/workspace.js';
import { ticketStates, ticketTypes, type TicketState, type TicketType } from '../../../src-shared/sync/entities.js';

/** The workspace's screens, one address each (in the fragment, see hash-location.ts). */
export const routes = {
  home: '/',
  queue: '/queue/:queueId',
  view: '/view/:view',
  ticket: '/ticket/:ticketId',
  /** The phone ticket form (features/phone-ticket). */
  newPhoneTicket: '/new/phone',
  /** One institution's open tickets in every queue the agent reads (from the search, the ticket's customer). */
  institution: '/institution/:institutionId',
  /** The team lead's reports: build, show, print, export, freeze (features/reports). */
  reports: '/reports',
  /** The live department overview for a wall screen (features/reports). */
  overview: '/overview',
  /** One or more reports alone, laid out for A4, for the host's PDF and print (`?sources=…&lang=…`, features/reports/print-address.ts). */
  print: printPath,
} as const;

/** The agent's own views and their names in the address. */
export const ownViews = ['mine', 'my-locked', 'escalated', 'reminders-due'] as const;
export type OwnView = (typeof ownViews)[number];

export const defaultListPath = '/view/mine';

export function ticketPath(ticketId: string): string {
  return `/ticket/${encodeURIComponent(ticketId)}`;
}

export function institutionPath(institutionId: string): string {
  return `/institution/${encodeURIComponent(institutionId)}`;
}

/** Sort and filters as the agent chose them; owner `me` stays `me` in the address so that it can be shared. */
export interface ListState {
  sort: { key: TicketSortKey; direction: 'asc' | 'desc' };
  filters: ListFilters;
}

/** `me`, `none` (no owner) or an owner's id. */
export type OwnerFilterValue = string;

export interface ListFilters {
  states: TicketState[];
  priorities: number[];
  owners: OwnerFilterValue[];
  locked: boolean | null;
  institutionIds: string[];
  types: TicketType[];
}

export const defaultSort: ListState['sort'] = { key: 'nearest-due', direction: 'asc' };

export const emptyFilters: ListFilters = { states: [], priorities: [], owners: [], locked: null, institutionIds: [], types: [] };

const uuid = z.uuid();
const ownerId = z.string().min(1).max(200);
/** Directory ids of institutions: any stable id, not necessarily a UUID. */
const stableId = z.string().min(1).max(128);

function pick<T>(values: readonly string[], accept: (value: string) => T | null, max: number): T[] {
  const kept: T[] = [];
  for (const value of values) {
    const accepted = accept(value);
    if (accepted !== null && !kept.includes(accepted)) kept.push(accepted);
    if (kept.length === max) break;
  }
  return kept;
}

const member = <T extends string>(options: readonly T[]) => (value: string): T | null => (options as readonly string[]).includes(value) ? (value as T) : null;

/**
 * Reads sort and filters from the query of the address. The address is typed or pasted by
 * people: whatever does not fit is dropped, never an error.
 */
export function parseListState(search: string): ListState {
  const params = new URLSearchParams(search);
  const key = member(ticketSortKeys)(params.get('sort') ?? '') ?? defaultSort.key;
  const direction = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const locked = params.get('locked');
  return {
    sort: { key, direction },
    filters: {
      states: pick(params.getAll('state'), member(ticketStates), ticketStates.length),
      priorities: pick(params.getAll('prio'), (value) => (/^[1-5]$/u.test(value) ? Number(value) : null), 5),
      owners: pick(params.getAll('owner'), (value) => (ownerId.safeParse(value).success ? value : null), 50),
      locked: locked === 'yes' ? true : locked === 'no' ? false : null,
      institutionIds: pick(params.getAll('inst'), (value) => (stableId.safeParse(value).success ? value : null), 50),
      types: pick(params.getAll('type'), member(ticketTypes), ticketTypes.length),
    },
  };
}

/** The query for `state`, without `?`; the default sort and empty filters are left out. */
export function serializeListState(state: ListState): string {
  const params = new URLSearchParams();
  if (state.sort.key !== defaultSort.key || state.sort.direction !== defaultSort.direction) {
    params.set('sort', state.sort.key);
    if (state.sort.direction === 'desc') params.set('dir', 'desc');
  }
  for (const value of state.filters.states) params.append('state', value);
  for (const value of state.filters.priorities) params.append('prio', String(value));
  for (const value of state.filters.owners) params.append('owner', value);
  if (state.filters.locked !== null) params.set('locked', state.filters.locked ? 'yes' : 'no');
  for (const value of state.filters.institutionIds) params.append('inst', value);
  for (const value of state.filters.types) params.append('type', value);
  return params.toString();
}

export function withQuery(path: string, query: string): string {
  return query === '' ? path : `${path}?${query}`;
}

export function hasFilters(filters: ListFilters): boolean {
  return (
    filters.states.length + filters.priorities.length + filters.owners.length + filters.institutionIds.length + filters.types.length > 0 ||
    filters.locked !== null
  );
}

/** The filters as `tickets.list` takes them: `me` becomes the agent's id, `none` no owner. */
export function filtersForRequest(filters: ListFilters, agentId: string): TicketListFilters {
  const request: TicketListFilters = {};
  if (filters.states.length > 0) request.states = filters.states;
  if (filters.priorities.length > 0) request.priorities = filters.priorities;
  if (filters.owners.length > 0) request.ownerIds = filters.owners.map((owner) => (owner === 'me' ? agentId : owner === 'none' ? null : owner));
  if (filters.locked !== null) request.locked = filters.locked;
  if (filters.institutionIds.length > 0) request.institutionIds = filters.institutionIds;
  if (filters.types.length > 0) request.types = filters.types;
  return ticketListFiltersSchema.parse(request);
}

/** A list with an address of its own: a queue, one of the agent's views, or an institution's open tickets. */
export type RoutedListView = TicketListView;

/** The list view an address names, or null for an address of no list. */
export function viewOf(route: { queueId: string } | { view: string } | { institutionId: string }): RoutedListView | null {
  if ('queueId' in route) return uuid.safeParse(route.queueId).success ? { kind: 'queue', queueId: route.queueId } : null;
  if ('institutionId' in route) return stableId.safeParse(route.institutionId).success ? { kind: 'institution', institutionId: route.institutionId } : null;
  const view = member(ownViews)(route.view);
  return view === null ? null : { kind: view };
}
