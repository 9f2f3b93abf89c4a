import { useQueries, useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import { useRef } from 'react';
import type { TicketListFilters, TicketListRow, TicketListView } from '../../../src-shared/ipc/workspace.js';
import type { ChannelValue } from '../../ipc/client.js';
import { request } from '../../ipc/client.js';
import { ticketStates, type CalendarEntity } from '../../../src-shared/sync/entities.js';
import type { ListState } from '../workspace/routes.js';

/** Rows per `tickets.list` call: a window around what the table shows. */
export const windowSize = 200;
/** Rows beyond the visible ones that should already be there when the agent scrolls on. */
const lookAhead = 60;

export interface ListParams {
  view: TicketListView;
  sort: ListState['sort'];
  filters: TicketListFilters;
}

export const ticketListKeys = {
  all: ['ticket-list'] as const,
  list: (params: ListParams) => [...ticketListKeys.all, params] as const,
  window: (params: ListParams, index: number) => [...ticketListKeys.list(params), index] as const,
};

export interface TicketWindows {
  /** Rows in the whole list; null until the first window answered. */
  total: number | null;
  /** Loaded rows by their position in the list. */
  rows: ReadonlyMap<number, TicketListRow>;
  /** The loaded rows in list order, for the table model. */
  loaded: TicketListRow[];
  /** The calendars the loaded rows count working time on, by id. */
  calendars: ReadonlyMap<string, CalendarEntity>;
  error: Error | null;
  /** A window is being read (first load or after `cache.changed`). */
  fetching: boolean;
}

function windowsAround(first: number, last: number, total: number | null): number[] {
  const from = Math.floor(Math.max(0, first - lookAhead) / windowSize);
  let to = Math.floor((last + lookAhead) / windowSize);
  if (total !== null) to = Math.min(to, Math.max(0, Math.ceil(total / windowSize) - 1));
  const windows: number[] = [];
  for (let index = from; index <= Math.max(from, to); index += 1) windows.push(index);
  return windows;
}

type WindowResult = UseQueryResult<ChannelValue<'tickets.list'>>;

/** One picture of the loaded windows; React Query calls it again only when a window's result changed. */
function combineWindows(results: WindowResult[]): TicketWindows {
  const rows = new Map<number, TicketListRow>();
  const loaded: TicketListRow[] = [];
  const calendars = new Map<string, CalendarEntity>();
  let total: number | null = null;
  for (const { data } of results) {
    if (!data) continue;
    total = data.total;
    for (const [id, calendar] of Object.entries(data.calendars)) calendars.set(id, calendar);
    data.rows.forEach((row, position) => {
      rows.set(data.offset + position, row);
      loaded.push(row);
    });
  }
  return {
    total,
    rows,
    loaded,
    calendars,
    error: results.find((result) => result.error !== null)?.error ?? null,
    fetching: results.some((result) => result.isFetching),
  };
}

/**
 * The windows of a list that cover the rows from `first` to `last` (and a little beyond): each a
 * `tickets.list` call of `windowSize` rows, cached by React Query under the list's key. The total
 * of the last answer is kept while a new list loads, so the table's height does not collapse.
 */
export function useTicketWindows(params: ListParams, first: number, last: number): TicketWindows {
  const lastTotal = useRef<{ key: string; total: number } | null>(null);
  const key = JSON.stringify(params);
  const knownTotal = lastTotal.current?.key === key ? lastTotal.current.total : null;
  const windows = windowsAround(first, last, knownTotal);
  const combined = useQueries({
    queries: windows.map((index) => ({
      queryKey: ticketListKeys.window(params, index),
      queryFn: () => request('tickets.list', { view: params.view, sort: params.sort, filters: params.filters, offset: index * windowSize, limit: windowSize }),
      staleTime: Infinity,
    })),
    combine: combineWindows,
  });
  if (combined.total !== null) lastTotal.current = { key, total: combined.total };
  const total = combined.total ?? knownTotal ?? lastTotal.current?.total ?? null;
  return { ...combined, total };
}

/**
 * An institution's name for the title of its list, from one of its tickets in the cache (open or
 * closed); null while loading or when the agent has none of its tickets.
 */
export function useInstitutionName(institutionId: string | null): string | null {
  const found = useQuery({
    queryKey: [...ticketListKeys.all, 'institution-name', institutionId],
    queryFn: () =>
      request('tickets.list', {
        view: { kind: 'institution', institutionId: institutionId ?? '' },
        sort: { key: 'age', direction: 'asc' },
        filters: { states: [...ticketStates] },
        offset: 0,
        limit: 1,
      }),
    enabled: institutionId !== null,
    staleTime: 60_000,
  });
  return found.data?.rows[0]?.institutionName ?? null;
}
