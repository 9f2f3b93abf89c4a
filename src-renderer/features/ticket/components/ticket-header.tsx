import { Title } from '@mantine/core';
import type { Agent } from '../../../../src-shared/domain/people.js';
import type { TicketView } from '../../../../src-shared/ipc/cache.js';
import { formatMoment } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import { personLabel, queueLabel, shortId, stateLabel, typeLabel } from '../labels.js';
import { useQueueNames } from '../queries.js';

interface TicketHeaderProps {
  view: TicketView;
  me: Agent | null;
  titleId: string;
  now: Date;
}

/** Whether the server has numbered the ticket: not while its creation waits in the outbox. */
export function numberPending(view: TicketView): boolean {
  return view.ticket.number === '' || view.pending.some((edit) => edit.name === 'ticket.create');
}

/** Number, title and the facts an agent reads first, as a description list. */
export function TicketHeader({ view, me, titleId, now }: TicketHeaderProps) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const queueNames = useQueueNames();
  const { ticket } = view;
  const pending = numberPending(view);
  const facts: [label: string, value: string, key: string][] = [
    [t('ticket.state'), stateLabel(t, ticket.state) + (ticket.pendingUntil === null ? '' : ` · ${t('ticket.pending-until', formatMoment(language, new Date(ticket.pendingUntil), now))}`), 'state'],
    [t('ticket.priority'), t('ticket.priority.value', ticket.priority), 'priority'],
    [t('ticket.queue'), queueLabel(t, ticket.queueId, queueNames), 'queue'],
    [t('ticket.type'), typeLabel(t, ticket.type), 'type'],
    [t('ticket.owner'), personLabel(t, ticket.ownerId, me, t('ticket.nobody')), 'owner'],
    [t('ticket.responsible'), personLabel(t, ticket.responsibleId, me, t('ticket.nobody')), 'responsible'],
    [t('ticket.lock'), ticket.locked ? t('ticket.locked') : t('ticket.unlocked'), 'lock'],
    [t('ticket.customer'), ticket.customerUserId === null ? t('ticket.no-customer') : t('ticket.unnamed-person', shortId(ticket.customerUserId)), 'customer'],
    [t('ticket.institution'), ticket.institutionId === null ? t('ticket.no-institution') : t('ticket.unnamed-person', shortId(ticket.institutionId)), 'institution'],
  ];
  return (
    <header className="ticket-head">
      <p className="ticket-number">
        <span className="ticket-label">{t('ticket.number')}: </span>
        {pending ? <span className="ticket-number-pending">{t('ticket.number-pending')}</span> : <span data-ticket-number>{ticket.number}</span>}
      </p>
      <Title id={titleId} order={2} className="ticket-title">
        {ticket.title}
      </Title>
      {view.source === 'server' && <p className="ticket-source">{t('ticket.from-server')}</p>}
      <dl className="ticket-facts" aria-label={t('ticket.facts')}>
        {facts.map(([label, value, key]) => (
          <div key={key} className="ticket-fact" data-fact={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
