import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../../ipc/client.js';
import { followDownload } from '../attachments/follow-download.js';
import type { MutationName } from '../../../src-shared/sync/mutations.js';
import type { AttachmentRef } from '../../../src-shared/ipc/cache.js';
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
    mutationFn: (attachment: AttachmentRef) => request('attachments.fetch', attachment),
  });
}

/**
 * Saves an attachment where the agent chooses (`attachments.save`). The host decides how: a save
 * dialog (Electron), or a one-time download of the Desk's own origin that this follows, so the
 * browser saves it (browser host). Nothing is opened.
 */
export function useSaveAttachment() {
  return useMutation({
    mutationFn: async (attachment: AttachmentRef) => {
      return followDownload(await request('attachments.save', attachment));
    },
  });
}

/**
 * An edit of the open ticket into the outbox (`tickets.mutate`), on the version the agent saw.
 * Resolves once the edit is stored (offline too); the server's answer arrives later through the feed.
 */
export function useTicketEdit(ticketId: string, baseVersion: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, args }: { name: MutationName; args: Record<string, unknown> }) =>
      request('tickets.mutate', { name, args: { ...args, ticketId, performedAt: new Date().toISOString() }, baseVersion }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.view(ticketId) }),
  });
}
