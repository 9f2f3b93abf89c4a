import { useMutation } from '@tanstack/react-query';
import { mutationArgs, type MutationArgs } from '../../../src-shared/sync/mutations.js';
import { request } from '../../ipc/client.js';
import { IpcError } from '../../ipc/ipc-error.js';
import type { AttachmentUpload } from '../attachments/choose-files.js';
import type { PhoneForm } from './phone-form.js';
import { newId } from '../../ipc/new-id.js';

/** The call notes as an article: channel phone; the customer speaks when there is a caller, else it is the agent's own record. */
function callArticle(form: PhoneForm, subject: string, attachments: readonly AttachmentUpload[]) {
  return {
    articleId: newId(),
    channel: 'phone' as const,
    visibility: form.visibility,
    sender: form.caller.kind === 'caller' ? ('customer' as const) : ('agent' as const),
    subject,
    body: form.notes,
    timeUnits: 0,
    attachments: [...attachments],
  };
}

/**
 * Checked against the catalogue's schema before it is sent: a mistake of this form says what was
 * wrong here, instead of coming back as `invalid-args`. The main process checks again.
 */
function checked<N extends 'ticket.create' | 'ticket.addArticle'>(name: N, args: unknown): MutationArgs<N> {
  const parsed = mutationArgs[name].safeParse(args);
  if (!parsed.success) throw new IpcError('invalid-args', parsed.error.message);
  return parsed.data as MutationArgs<N>;
}

export interface CreateInput {
  form: PhoneForm;
  attachments: readonly AttachmentUpload[];
}

/** A new phone ticket into the outbox: its id made here, the number follows from the server. */
export function useCreatePhoneTicket() {
  return useMutation({
    mutationFn: async ({ form, attachments }: CreateInput) => {
      const ticketId = newId();
      const title = form.title.trim();
      const args = checked('ticket.create', {
        ticketId,
        performedAt: new Date().toISOString(),
        queueId: form.queueId,
        title,
        type: form.type,
        priority: form.priority,
        customerUserId: form.caller.kind === 'caller' ? form.caller.caller.id : null,
        article: callArticle(form, title, attachments),
      });
      await request('tickets.mutate', { name: 'ticket.create', args, baseVersion: null });
      return { ticketId };
    },
  });
}

export interface AddCallInput extends CreateInput {
  ticketId: string;
  /** The subject when no title was typed ("Anruf"). */
  fallbackSubject: string;
}

/** The call added to an existing ticket as a phone article, instead of a new ticket. Notes never conflict: no base version. */
export function useAddCallToTicket() {
  return useMutation({
    mutationFn: async ({ form, attachments, ticketId, fallbackSubject }: AddCallInput) => {
      const title = form.title.trim();
      const args = checked('ticket.addArticle', {
        ticketId,
        performedAt: new Date().toISOString(),
        article: callArticle(form, title === '' ? fallbackSubject : title, attachments),
      });
      await request('tickets.mutate', { name: 'ticket.addArticle', args, baseVersion: null });
      return { ticketId };
    },
  });
}
