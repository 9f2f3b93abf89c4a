import { CloseButton } from '@mantine/core';
import { useId } from 'react';
import { Link } from 'wouter';
import { useT } from '../../../i18n/use-t.js';
import { meansGone } from '../../../ipc/ipc-error.js';
import { useRecentLabel } from '../queries.js';
import { useRecentTickets } from '../recent-store.js';
import { ticketPath } from '../routes.js';

/** The tickets the agent opened lately: one click or Tab + Enter back into each. */
export function RecentTickets({ currentTicketId }: { currentTicketId: string | null }) {
  const t = useT();
  const headingId = useId();
  const ticketIds = useRecentTickets((state) => state.ticketIds);
  return (
    <section className="recent-tickets" aria-labelledby={headingId}>
      <h2 className="nav-heading" id={headingId}>
        {t('recent.title')}
      </h2>
      {ticketIds.length === 0 ? (
        <p className="nav-status">{t('recent.none')}</p>
      ) : (
        <ul className="plain-list nav-list" aria-labelledby={headingId}>
          {ticketIds.map((ticketId) => (
            <RecentEntry key={ticketId} ticketId={ticketId} current={ticketId === currentTicketId} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentEntry({ ticketId, current }: { ticketId: string; current: boolean }) {
  const t = useT();
  const label = useRecentLabel(ticketId);
  const remove = useRecentTickets((state) => state.remove);
  // A ticket no longer there for the agent loses its title here too, not only in the zoom.
  const data = label.isError && meansGone(label.error) ? undefined : label.data;
  const text = data ? `${data.number} ${data.title}` : label.isError ? t('recent.unavailable') : t('recent.loading');
  return (
    <li className="recent-entry">
      <Link href={ticketPath(ticketId)} className="nav-link recent-link" aria-current={current ? 'page' : undefined} data-recent-ticket={ticketId}>
        {data ? (
          <>
            <span className="recent-number tabular">{data.number}</span>
            <span className="nav-label">{data.title}</span>
          </>
        ) : (
          <span className="nav-label cell-dimmed">{text}</span>
        )}
      </Link>
      <CloseButton size="sm" aria-label={t('recent.close', text)} onClick={() => remove(ticketId)} />
    </li>
  );
}
