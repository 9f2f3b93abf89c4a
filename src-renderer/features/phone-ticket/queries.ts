import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { TicketListRow } from '../../../src-shared/ipc/workspace.js';
import { foldWords } from './title-words.js';
import { kontor, request } from '../../ipc/client.js';

/** Callers are looked up from two characters on (the cache's search does the same). */
export const callerSearchMinLength = 2;
/** Open tickets of the caller's institution read at once: what the side shows and what a duplicate is looked for among. */
export const institutionTicketsLimit = 50;
/** Letters of a title word before it is looked for as a duplicate. */
const duplicateWordMinLength = 4;
/** The longest words of the title are looked for: enough to find the ticket, few enough to ask quickly. */
const duplicateWordsAsked = 3;

export const phoneKeys = {
  all: ['phone-ticket'] as const,
  callers: (query: string) => [...phoneKeys.all, 'callers', query] as const,
  institution: (institutionId: string) => [...phoneKeys.all, 'institution', institutionId] as const,
  titleWord: (word: string) => [...phoneKeys.all, 'title-word', word] as const,
};

/** Cached customer users matching `query` (trimmed and debounced by the caller), and what the live directory added. */
export function useCallerSearch(query: string) {
  return useQuery({
    queryKey: phoneKeys.callers(query),
    queryFn: () => request('callers.search', { query }),
    enabled: query.length >= callerSearchMinLength,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The institution's open tickets in every queue the agent reads, nearest due first. */
export function useInstitutionTickets(institutionId: string | null) {
  return useQuery({
    queryKey: phoneKeys.institution(institutionId ?? ''),
    queryFn: () =>
      request('tickets.list', {
        view: { kind: 'institution', institutionId: institutionId ?? '' },
        sort: { key: 'nearest-due', direction: 'asc' },
        filters: {},
        offset: 0,
        limit: institutionTicketsLimit,
      }),
    enabled: institutionId !== null,
    staleTime: Infinity,
  });
}

export interface DuplicateCandidate {
  row: TicketListRow;
  /** How many of the looked-for title words found this ticket. */
  words: number;
}

/**
 * The institution's open tickets that the cache's full-text search finds for the title's longest
 * words (`tickets.search`, one query per word: a whole title would have to match word for word),
 * most words first. `title` is debounced by the caller.
 */
export function useDuplicateCandidates(title: string, tickets: readonly TicketListRow[] | undefined): DuplicateCandidate[] {
  const words = useMemo(
    () =>
      foldWords(title)
        .filter((word) => word.length >= duplicateWordMinLength)
        .sort((a, b) => b.length - a.length)
        .slice(0, duplicateWordsAsked),
    [title],
  );
  const enabled = tickets !== undefined && tickets.length > 0;
  const results = useQueries({
    queries: words.map((word) => ({
      queryKey: phoneKeys.titleWord(word),
      queryFn: () => request('tickets.search', { query: word, limit: 100, scope: 'typing' as const }),
      enabled,
      staleTime: 10_000,
    })),
  });
  const hitSets = results.map((result) => new Set(result.data?.hits.map((hit) => hit.ticketId) ?? []));
  const key = hitSets.map((set) => [...set].join(',')).join('|');
  return useMemo(() => {
    if (tickets === undefined) return [];
    return tickets
      .map((row) => ({ row, words: hitSets.filter((set) => set.has(row.ticket.id)).length }))
      .filter((candidate) => candidate.words > 0)
      .sort((a, b) => b.words - a.words);
    // `key` stands for the hit sets' contents.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tickets, key]);
}

/** New tickets and edits from the sync: the institution's tickets and the duplicate search are asked again. */
export function usePhoneTicketRefresh(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      kontor.on('cache.changed', () => {
        void queryClient.invalidateQueries({ queryKey: phoneKeys.all });
      }),
    [queryClient],
  );
}
