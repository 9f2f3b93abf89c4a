import type { Link, TimeEntry } from '../../../../src-shared/sync/entities.js';
import { formatMoment } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { personLabel, type People } from '../labels.js';
import { useLinkedTickets } from '../queries.js';

function kindLabel(t: Translate, link: Link, ticketId: string): string {
  const outgoing = link.sourceTicketId === ticketId;
  switch (link.kind) {
    case 'related':
      return t('links.kind.related');
    case 'duplicate':
      return t('links.kind.duplicate');
    case 'parent-child':
      return outgoing ? t('links.kind.parent-child.parent') : t('links.kind.parent-child.child');
    case 'merged':
      // The merged ticket is the link's source; its target is the one it went into.
      return outgoing ? t('links.kind.merged.into') : t('links.kind.merged.from');
  }
}

/** Linked and merged tickets, each one a link to its own zoom with its number and title. */
export function TicketLinks({ ticketId, links }: { ticketId: string; links: readonly Link[] }) {
  const t = useT();
  const others = links.map((link) => (link.sourceTicketId === ticketId ? link.targetTicketId : link.sourceTicketId));
  const other = useLinkedTickets(others);
  if (links.length === 0) return <p className="ticket-empty">{t('links.none')}</p>;
  return (
    <ul className="ticket-links">
      {links.map((link, index) => {
        const otherId = others[index] ?? '';
        const read = other[index];
        const view = read?.data;
        return (
          <li key={link.id} data-link-kind={link.kind}>
            <span className="ticket-link-kind">{kindLabel(t, link, ticketId)}: </span>
            {view ? (
              <a href={`#/ticket/${otherId}`} className="ticket-link">
                {t('links.open', view.ticket.number, view.ticket.title)}
              </a>
            ) : (
              <span>{read?.isError ? t('links.other-unreadable') : t('links.other-loading')}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Time accounted on the ticket, with the total. */
export function TimeEntries({ entries, people, now }: { entries: readonly TimeEntry[]; people: People; now: Date }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  if (entries.length === 0) return <p className="ticket-empty">{t('time.none')}</p>;
  const total = entries.reduce((sum, entry) => sum + entry.minutes, 0);
  return (
    <>
      <ul className="time-entries">
        {entries.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.performedAt}>{formatMoment(language, new Date(entry.performedAt), now)}</time> · {personLabel(t, entry.agentId, people, '–')} ·{' '}
            {t('time.entry', entry.minutes, entry.note)}
          </li>
        ))}
      </ul>
      <p className="time-total">{t('time.total', total)}</p>
    </>
  );
}
