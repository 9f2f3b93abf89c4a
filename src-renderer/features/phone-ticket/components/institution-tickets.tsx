import { useId } from 'react';
import { Link } from 'wouter';
import type { TicketListRow } from '../../../../src-shared/ipc/workspace.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { useT } from '../../../i18n/use-t.js';
import { ticketPath } from '../../workspace/routes.js';
import type { CallerChoice } from '../phone-form.js';
import { useInstitutionTickets } from '../queries.js';

/** Rows shown beside the form; the rest are counted (a duplicate is looked for among all that were read). */
const shownRows = 8;

/** A ticket's number, or that the server has not numbered it yet. */
export function TicketNumber({ row }: { row: TicketListRow }) {
  const t = useT();
  const pending = row.ticket.number === '' || row.pending.some((edit) => edit.name === 'ticket.create');
  return pending ? <span className="phone-number-pending">{t('phone.number-pending')}</span> : <span className="tabular">{row.ticket.number}</span>;
}

/** The caller's institution's open tickets beside the form, nearest due first; one click or Enter opens each. */
export function InstitutionTickets({ caller }: { caller: CallerChoice }) {
  const t = useT();
  const headingId = useId();
  const institution = caller.kind === 'caller' ? caller.caller.institution : null;
  const tickets = useInstitutionTickets(institution?.id ?? null);
  const heading = institution === null ? t('phone.open-tickets.title') : t('phone.open-tickets.of', institution.name);
  let body;
  if (caller.kind === 'none') body = <p className="phone-aside-note">{t('phone.open-tickets.pick-caller')}</p>;
  else if (caller.kind === 'internal') body = <p className="phone-aside-note">{t('phone.open-tickets.internal')}</p>;
  else if (institution === null) body = <p className="phone-aside-note">{t('phone.open-tickets.no-institution')}</p>;
  else if (tickets.isError) body = <ReasonAlert title={t('phone.open-tickets.failed')} error={tickets.error} />;
  else if (tickets.data === undefined) body = <p className="phone-aside-note">{t('phone.open-tickets.loading')}</p>;
  else if (tickets.data.rows.length === 0) body = <p className="phone-aside-note">{t('phone.open-tickets.none')}</p>;
  else {
    const rows = tickets.data.rows.slice(0, shownRows);
    const more = tickets.data.total - rows.length;
    body = (
      <>
        <p className="phone-aside-note">{t('phone.open-tickets.count', tickets.data.total)}</p>
        <ul className="plain-list phone-open-tickets" aria-labelledby={headingId}>
          {rows.map((row) => (
            <li key={row.ticket.id}>
              <Link href={ticketPath(row.ticket.id)} className="phone-open-ticket" data-open-ticket={row.ticket.id}>
                <span className="phone-open-ticket-head">
                  <TicketNumber row={row} />
                  <span className="phone-open-ticket-state">{t(`list.state.${row.ticket.state}`)}</span>
                </span>
                <span className="phone-open-ticket-title">{row.ticket.title}</span>
                <span className="phone-open-ticket-meta">
                  {[row.queueName ?? t('phone.unknown-queue'), t('ticket.priority.value', row.ticket.priority), row.customerName].filter((part) => part !== null).join(' · ')}
                </span>
              </Link>
            </li>
          ))}
        </ul>
        {more > 0 && <p className="phone-aside-note">{t('phone.open-tickets.more', more)}</p>}
      </>
    );
  }
  return (
    <section className="phone-aside" aria-labelledby={headingId} data-institution-tickets={institution?.id ?? ''}>
      <h3 id={headingId} className="phone-aside-heading">
        {heading}
      </h3>
      {body}
    </section>
  );
}
