import type { TicketView } from '../../../../src-shared/ipc/cache.js';
import type { QueueChoice } from '../../../../src-shared/ipc/workspace.js';
import { useT } from '../../../i18n/use-t.js';
import type { TicketAction } from '../action-rights.js';
import { MoveForm, OwnerForm, PriorityForm } from './assignment-forms.js';
import { NoteForm } from './note-form.js';
import { StateForm } from './state-form.js';
import { LinkForm, MergeForm, TimeForm } from './target-forms.js';
import type { SendEdit } from './ticket-actions.js';
import { newId } from '../../../ipc/new-id.js';

interface ActionFormsProps {
  action: TicketAction;
  view: TicketView;
  targets: readonly QueueChoice[];
  /** Every queue with the agent's rights (`queues.choices`). */
  queues: readonly QueueChoice[];
  replyBlocked: string | null;
  ownerBlocked: string | null;
  send: SendEdit;
  onClose: () => void;
  busy: boolean;
  error: unknown;
}

/** The form of one action, wired to the outbox: new ids for new things, the words for "sent". */
export function ActionForms({ action, view, targets, queues, replyBlocked, ownerBlocked, send, onClose, busy, error }: ActionFormsProps) {
  const t = useT();
  const { ticket } = view;
  const common = { onClose, busy, error };
  switch (action) {
    case 'note':
    case 'reply':
      return (
        <NoteForm
          ticketId={ticket.id}
          visibility={action === 'reply' ? 'customer-visible' : 'internal'}
          replyBlocked={replyBlocked}
          customerEmail={view.context.customer?.email ?? null}
          {...common}
          onSubmit={(article) =>
            send(
              [
                {
                  name: 'ticket.addArticle',
                  args: {
                    article: {
                      articleId: newId(),
                      channel: article.email === null ? 'note' : 'email',
                      visibility: article.visibility,
                      sender: 'agent',
                      subject: article.subject,
                      body: article.body,
                      timeUnits: article.timeUnits,
                      attachments: article.attachments.map((file) => file.upload),
                      ...(article.email === null ? {} : { recipients: article.email }),
                    },
                  },
                },
              ],
              article.visibility === 'internal' ? t('actions.note') : t('actions.reply'),
            )
          }
        />
      );
    case 'pending':
    case 'close':
      return (
        <StateForm
          mode={action}
          current={ticket.state}
          {...common}
          onSubmit={(state, pendingUntil) => send([{ name: 'ticket.setState', args: { state, pendingUntil } }], t('actions.state-set', t(`ticket.state.${state}`)))}
        />
      );
    case 'move':
      return <MoveForm targets={targets} {...common} onSubmit={(queueId) => send([{ name: 'ticket.move', args: { queueId } }], t('actions.move'))} />;
    case 'owner':
      return <OwnerForm ticket={ticket} ownerBlocked={ownerBlocked} {...common} onSubmit={(edits) => send(edits, t('actions.owner'))} />;
    case 'priority':
      return <PriorityForm current={ticket.priority} {...common} onSubmit={(priority) => send([{ name: 'ticket.setPriority', args: { priority } }], t('actions.priority'))} />;
    case 'merge':
      return <MergeForm ticketId={ticket.id} number={ticket.number} queues={queues} {...common} onSubmit={(intoTicketId) => send([{ name: 'ticket.merge', args: { intoTicketId } }], t('actions.merge'))} />;
    case 'link':
      return (
        <LinkForm
          ticketId={ticket.id}
          {...common}
          onSubmit={(targetTicketId, kind) => send([{ name: 'ticket.link', args: { linkId: newId(), targetTicketId, kind } }], t('actions.link'))}
        />
      );
    case 'time':
      return (
        <TimeForm
          {...common}
          onSubmit={(minutes, note) => send([{ name: 'ticket.accountTime', args: { entryId: newId(), minutes, note } }], t('actions.time'))}
        />
      );
    case 'lock':
      return null;
  }
}
