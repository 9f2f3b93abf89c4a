import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { request } from '../../ipc/client.js';

/** Fewer characters than this match too many people to be useful. */
export const customerSearchMinLength = 2;

export const directoryKeys = {
  all: ['directory'] as const,
  customerSearches: () => [...directoryKeys.all, 'customer-search'] as const,
  customerSearch: (query: string) => [...directoryKeys.customerSearches(), query] as const,
};

/** Customer users matching `query` (already trimmed and debounced by the caller). */
export function useCustomerSearch(query: string) {
  return useQuery({
    queryKey: directoryKeys.customerSearch(query),
    queryFn: () => request('directory.searchCustomers', { query }),
    enabled: query.length >= customerSearchMinLength,
    // The previous matches stay while the next ones load, so the table does not jump.
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
