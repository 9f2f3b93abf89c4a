import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import {
  portalMeSchema,
  portalTicketListSchema,
  portalTicketSchema,
  portalWriteResultSchema,
  type PortalClose,
  type PortalCreateTicket,
  type PortalFollowUp,
  type PortalMe,
  type PortalSignInRequest,
  type PortalTicket,
  type PortalTicketFilter,
  type PortalTicketList,
  type PortalWriteResult,
} from '../../src-shared/portal/api.js';
import { callPortal, isSignedOut } from './client.js';

/** Query keys of the portal, one factory, so that a write invalidates exactly what it changed. */
export const portalKeys = {
  me: ['me'] as const,
  tickets: ['tickets'] as const,
  list: (filter: PortalTicketFilter, q: string) => ['tickets', 'list', filter, q] as const,
  ticket: (id: string) => ['tickets', 'one', id] as const,
};

async function required<T>(value: Promise<T | null>): Promise<T> {
  const result = await value;
  if (result === null) throw new Error('the server answered without a body');
  return result;
}

/** Who is signed in; null when nobody is (the sign-in page shows). */
export function useMe(): UseQueryResult<PortalMe | null> {
  return useQuery({
    queryKey: portalKeys.me,
    queryFn: async () => {
      try {
        return await callPortal('/me', portalMeSchema);
      } catch (error) {
        if (isSignedOut(error)) return null;
        throw error;
      }
    },
  });
}

export function useTicketList(filter: PortalTicketFilter, q: string): UseQueryResult<PortalTicketList> {
  const params = new URLSearchParams({ filter, q });
  return useQuery({ queryKey: portalKeys.list(filter, q), queryFn: () => required(callPortal(`/tickets?${params.toString()}`, portalTicketListSchema)) });
}

export function useTicket(id: string): UseQueryResult<PortalTicket> {
  return useQuery({ queryKey: portalKeys.ticket(id), queryFn: () => required(callPortal(`/tickets/${encodeURIComponent(id)}`, portalTicketSchema)) });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: PortalSignInRequest) => callPortal('/session', null, { method: 'POST', body: request }),
    onSuccess: () => client.invalidateQueries({ queryKey: portalKeys.me }),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await callPortal('/session', null, { method: 'DELETE' });
      } catch (error) {
        // Already signed out on the server: the browser's state follows.
        if (!isSignedOut(error)) throw error;
      }
    },
    onSuccess: () => {
      // The sign-in page shows at once; nothing of the institution's tickets stays in memory.
      client.setQueryData(portalKeys.me, null);
      client.removeQueries({ queryKey: portalKeys.tickets });
    },
  });
}

export function useCreateTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: PortalCreateTicket): Promise<PortalWriteResult> => required(callPortal('/tickets', portalWriteResultSchema, { method: 'POST', body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: portalKeys.tickets }),
  });
}

export function useFollowUp(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: PortalFollowUp): Promise<PortalWriteResult> =>
      required(callPortal(`/tickets/${encodeURIComponent(ticketId)}/articles`, portalWriteResultSchema, { method: 'POST', body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: portalKeys.tickets }),
  });
}

export function useCloseTicket(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: PortalClose): Promise<PortalWriteResult> =>
      required(callPortal(`/tickets/${encodeURIComponent(ticketId)}/close`, portalWriteResultSchema, { method: 'POST', body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: portalKeys.tickets }),
  });
}
