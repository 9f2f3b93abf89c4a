import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../../ipc/client.js';
import { ticketKeys } from './queries.js';

/** "Keep theirs" or "apply mine again" for a refused edit; the ticket is read again afterwards. */
export function useResolveEdit(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { mutationId: string; decision: 'keep-theirs' | 'apply-mine' }) => request('tickets.resolveEdit', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.view(ticketId) }),
  });
}

/** A web address from a mail, opened in the system's browser after the main process checked it. */
export function useOpenExternal() {
  return useMutation({ mutationFn: (url: string) => request('app.openExternal', { url }) });
}

/** An attachment's content into the Desk's attachment cache, on demand. */
export function useFetchAttachment() {
  return useMutation({
    mutationFn: (attachmentId: string) => request('attachments.fetch', { attachmentId }),
  });
}
