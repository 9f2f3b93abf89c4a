import { Button, Kbd } from '@mantine/core';
import { useId, useRef, useState } from 'react';
import type { TicketView } from '../../../../src-shared/ipc/cache.js';
import type { MutationName } from '../../../../src-shared/sync/mutations.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { useQueueChoices } from '../../queues/queries.js';
import { actionAvailability, moveTargets, ownerLockedByOther, ticketActions, type TicketAction, type Unavailable } from '../action-rights.js';
import { personLabel, type People } from '../labels.js';
import { useTicketEdit } from '../mutations.js';
import { actionKeys, useActionKeys } from '../use-action-keys.js';
import { ActionForms } from './action-forms.js';

/** Why an action is not offered, in words. */
export function unavailableText(t: Translate, why: Unavailable, people: People): string {
  switch (why.kind) {
    case 'rights-unknown':
      return t('actions.why.rights-unknown');
    case 'read-only':
      return t('actions.why.read-only', why.queue, why.group);
    case 'missing-right':
      return t('actions.why.missing-right', why.queue, why.group, t(`actions.right.${why.right}`));
    case 'locked-by-other':
      return t('actions.why.locked-by-other', personLabel(t, why.ownerId, people, t('ticket.nobody')));
    case 'no-customer':
      return t('actions.why.no-customer');
    case 'merged':
      return t('actions.why.merged');
    case 'no-move-target':
      return t('actions.why.no-move-target');
  }
}

export function actionLabel(t: Translate, action: TicketAction, locked: boolean): string {
  if (action === 'lock') return locked ? t('actions.unlock') : t('actions.lock');
  return t(`actions.${action}`);
}

/** Which edit an action sends, for the words after it went into the outbox. */
export type SendEdit = (edits: { name: MutationName; args: Record<string, unknown> }[], what: string) => Promise<boolean>;

/**
 * The editor's action bar in the zoom, with its keys: each action offered where the agent's rights
 * allow it, and otherwise shown unavailable with the reason in words beneath. One form at a time
 * opens beneath the bar; every edit goes into the outbox on the version shown.
 */
export function TicketActions({ view, people }: { view: TicketView; people: People }) {
  const t = useT();
  const { ticket } = view;
  const me = people.me?.id ?? null;
  const choices = useQueueChoices();
  const queues = choices.data?.queues ?? null;
  const availability = actionAvailability({ ticket, me, choices: queues });
  const [open, setOpen] = useState<TicketAction | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const buttons = useRef(new Map<TicketAction, HTMLButtonElement>());
  const edit = useTicketEdit(ticket.id, ticket.version);
  const reasonIdBase = useId();
  const barId = useId();

  const why = (action: TicketAction): string | null => {
    const state = availability[action];
    return state.ok ? null : unavailableText(t, state.why, people);
  };
  const reasons = new Map<string, TicketAction[]>();
  for (const action of ticketActions) {
    const text = why(action);
    if (text !== null) reasons.set(text, [...(reasons.get(text) ?? []), action]);
  }
  const reasonTexts = [...reasons.keys()];
  const reasonId = (text: string): string => `${reasonIdBase}-${String(reasonTexts.indexOf(text))}`;

  const close = (focusAction: TicketAction | null = open) => {
    setOpen(null);
    edit.reset();
    if (focusAction !== null) requestAnimationFrame(() => buttons.current.get(focusAction)?.focus());
  };

  const send: SendEdit = async (edits, what) => {
    try {
      for (const one of edits) await edit.mutateAsync(one);
      setAnnouncement(t('actions.sent', what));
      close();
      return true;
    } catch {
      // The form shows the failure and keeps what was typed.
      return false;
    }
  };

  const activate = (action: TicketAction) => {
    const text = why(action);
    if (text !== null) {
      setAnnouncement(t('actions.not-possible', actionLabel(t, action, ticket.locked), text));
      return;
    }
    if (action === 'lock') {
      void send([{ name: ticket.locked ? 'ticket.unlock' : 'ticket.lock', args: {} }], actionLabel(t, action, ticket.locked));
      return;
    }
    edit.reset();
    setAnnouncement('');
    setOpen(action);
  };
  useActionKeys(activate);

  return (
    <section className="ticket-actions" aria-labelledby={barId}>
      <h3 id={barId} className="visually-hidden-title">
        {t('actions.title')}
      </h3>
      <div className="action-bar" role="toolbar" aria-labelledby={barId}>
        {ticketActions.map((action) => {
          const text = why(action);
          const key = actionKeys[action];
          return (
            <Button
              key={action}
              ref={(element) => {
                if (element === null) buttons.current.delete(action);
                else buttons.current.set(action, element);
              }}
              size="compact-sm"
              variant={open === action ? 'filled' : 'default'}
              data-action={action}
              aria-disabled={text !== null || undefined}
              data-disabled={text !== null || undefined}
              aria-describedby={text === null ? undefined : reasonId(text)}
              aria-keyshortcuts={key}
              aria-expanded={action === 'lock' ? undefined : open === action}
              loading={action === 'lock' && edit.isPending && open === null}
              onClick={() => activate(action)}
            >
              {actionLabel(t, action, ticket.locked)}
              {key !== undefined && (
                <Kbd size="xs" ml={6} aria-hidden="true">
                  {key}
                </Kbd>
              )}
            </Button>
          );
        })}
      </div>
      {reasonTexts.length > 0 && (
        <ul className="action-reasons">
          {reasonTexts.map((text) => (
            <li key={text} id={reasonId(text)} data-reason-for={(reasons.get(text) ?? []).join(' ')}>
              <span className="action-reasons-what">{t('actions.not-offered', (reasons.get(text) ?? []).map((action) => actionLabel(t, action, ticket.locked)).join(', '))}</span> {text}
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="action-announce">
        {announcement}
      </p>
      {open === null && edit.isError && <p className="action-why" role="alert">{t('actions.lock-failed')}</p>}
      {open !== null && (
        <ActionForms
          key={open}
          action={open}
          view={view}
          targets={queues === null ? [] : moveTargets(queues, ticket.queueId)}
          queues={queues ?? []}
          replyBlocked={why('reply')}
          ownerBlocked={ownerLockedByOther(ticket, me) ? unavailableText(t, { kind: 'locked-by-other', ownerId: ticket.ownerId }, people) : null}
          send={send}
          onClose={() => close()}
          busy={edit.isPending}
          error={edit.error}
        />
      )}
    </section>
  );
}
