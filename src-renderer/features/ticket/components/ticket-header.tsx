import { Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { TicketView } from '../../../../src-shared/ipc/cache.js';
import { formatMoment } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { institutionPath } from '../../workspace/routes.js';
import { personLabel, shortId, stateLabel, typeLabel, type People } from '../labels.js';

interface TicketHeaderProps {
  view: TicketView;
  people: People;
  titleId: string;
  now: Date;
}

/** Whether the server has numbered the ticket: not while its creation waits in the outbox. */
export function numberPending(view: TicketView): boolean {
  return view.ticket.number === '' || view.pending.some((edit) => edit.name === 'ticket.create');
}

function customerLabel(t: Translate, id: string | null, customer: TicketView['context']['customer']): string {
  if (id === null) return t('ticket.no-customer');
  if (customer === null) return t('ticket.unnamed-person', shortId(id));
  return t('ticket.customer.value', customer.displayName, customer.username);
}

/** The institution's name, a link to the list of its open tickets (`#/institution/<id>`). */
function institutionFact(t: Translate, id: string | null, institution: TicketView['context']['institution']): ReactNode {
  if (id === null) return t('ticket.no-institution');
  const name = institution?.name ?? t('ticket.unnamed-person', shortId(id));
  return (
    <Link href={institutionPath(id)} className="ticket-institution-link" data-institution-link={id}>
      {name}
      <span className="ticket-institution-more"> · {t('ticket.institution.open-tickets')}</span>
    </Link>
  );
}

/** Number, title and the facts an agent reads first, as a description list. */
export function TicketHeader({ view, people, titleId, now }: TicketHeaderProps) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const { ticket, context } = view;
  const pending = numberPending(view);
  const facts: [label: string, value: ReactNode, key: string][] = [
    [t('ticket.state'), stateLabel(t, ticket.state) + (ticket.pendingUntil === null ? '' : ` · ${t('ticket.pending-until', formatMoment(language, new Date(ticket.pendingUntil), now))}`), 'state'],
    [t('ticket.priority'), t('ticket.priority.value', ticket.priority), 'priority'],
    [t('ticket.queue'), context.queue?.name ?? t('ticket.unnamed-queue', shortId(ticket.queueId)), 'queue'],
    [t('ticket.type'), typeLabel(t, ticket.type), 'type'],
    [t('ticket.owner'), personLabel(t, ticket.ownerId, people, t('ticket.nobody')), 'owner'],
    [t('ticket.responsible'), personLabel(t, ticket.responsibleId, people, t('ticket.nobody')), 'responsible'],
    [t('ticket.lock'), ticket.locked ? t('ticket.locked') : t('ticket.unlocked'), 'lock'],
    [t('ticket.customer'), customerLabel(t, ticket.customerUserId, context.customer), 'customer'],
    [t('ticket.institution'), institutionFact(t, ticket.institutionId, context.institution), 'institution'],
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
