import { createColumnHelper, rowSortingFeature, tableFeatures } from '@tanstack/react-table';
import type { TicketListRow, TicketSortKey } from '../../../../src-shared/ipc/workspace.js';
import type { ClockName } from '../../../../src-shared/sla/clocks.js';
import { coarseDuration, durationParts } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import type { MessageKey } from '../../../i18n/messages.js';
import { useT } from '../../../i18n/use-t.js';
import { useContext } from 'react';
import { clockBadge } from '../clock-badge.js';
import { ListCalendars } from '../list-calendars.js';
import { useMinuteClock } from '../minute-clock.js';
import { ClockBadgeView, clockBadgeText } from './clock-badge-view.js';

/** The table's features: sorting only, done by the cache (`manualSorting`), so no client row models. */
export const listFeatures = tableFeatures({ rowSortingFeature });

const helper = createColumnHelper<typeof listFeatures, TicketListRow>();

/** The sortable columns: each column's id is the sort key `tickets.list` takes. */
export type ColumnId = Exclude<TicketSortKey, 'nearest-due'>;

const headers: Record<ColumnId, MessageKey> = {
  number: 'list.column.number',
  title: 'list.column.title',
  customer: 'list.column.customer',
  institution: 'list.column.institution',
  state: 'list.column.state',
  priority: 'list.column.priority',
  owner: 'list.column.owner',
  age: 'list.column.age',
  'first-response-due': 'list.column.first-response-due',
  'update-due': 'list.column.update-due',
  'solution-due': 'list.column.solution-due',
};

function Header({ id }: { id: ColumnId }) {
  const t = useT();
  return <>{t(headers[id])}</>;
}

function TitleCell({ row }: { row: TicketListRow }) {
  const t = useT();
  const waiting = row.pending.filter((edit) => edit.status === 'pending').length;
  const refused = row.pending.find((edit) => edit.status === 'rejected' || edit.status === 'conflict');
  return (
    <>
      <span className="cell-text" title={row.ticket.title}>
        {row.ticket.title}
      </span>
      {row.ticket.locked && (
        <span className="row-flag row-flag-locked">
          <LockIcon />
          {t('list.locked')}
        </span>
      )}
      {refused !== undefined && (
        <span className="row-flag row-flag-refused" data-edit-status={refused.status}>
          {refused.status === 'conflict' ? t('list.conflict') : t('list.rejected')}
        </span>
      )}
      {waiting > 0 && (
        <span className="row-flag row-flag-pending" data-pending="true" title={t('list.pending-detail')}>
          <PendingIcon />
          {t('list.pending')}
        </span>
      )}
    </>
  );
}

function NumberCell({ row }: { row: TicketListRow }) {
  const t = useT();
  // A ticket created offline has its number once the server gave one (the feed brings it).
  const creating = row.ticket.number === '' || row.pending.some((edit) => edit.name === 'ticket.create' && edit.status === 'pending');
  return <span className="cell-text tabular">{creating ? t('list.pending') : row.ticket.number}</span>;
}

function Dimmed({ text }: { text: string }) {
  return <span className="cell-text cell-dimmed">{text}</span>;
}

/** A person or institution by name; `unknown` where the ticket names one the cache has no name for. */
function NameCell({ id, name, none }: { id: string | null; name: string | null; none: string }) {
  const t = useT();
  if (id === null) return none === '' ? null : <Dimmed text={none} />;
  if (name === null) return <Dimmed text={t('list.name-unknown')} />;
  return (
    <span className="cell-text" title={name}>
      {name}
    </span>
  );
}

function CustomerCell({ row }: { row: TicketListRow }) {
  const t = useT();
  return <NameCell id={row.ticket.customerUserId} name={row.customerName} none={t('list.no-customer')} />;
}

function OwnerCell({ row }: { row: TicketListRow }) {
  const t = useT();
  return <NameCell id={row.ticket.ownerId} name={row.ownerName} none={t('list.no-owner')} />;
}

function StateCell({ row }: { row: TicketListRow }) {
  const t = useT();
  const label = t(`list.state.${row.ticket.state}`);
  return (
    <span className={`cell-text state-${row.ticket.state}`} title={label}>
      {label}
    </span>
  );
}

function PriorityCell({ row }: { row: TicketListRow }) {
  const t = useT();
  const { priority } = row.ticket;
  return (
    <span className={`priority priority-${priority}`}>
      <span aria-hidden="true" className="priority-mark" />
      {t('list.priority', priority)}
    </span>
  );
}

function AgeCell({ row }: { row: TicketListRow }) {
  const t = useT();
  const now = useMinuteClock();
  return <span className="cell-text tabular">{t('list.age', coarseDuration(durationParts(now - Date.parse(row.ticket.createdAt))))}</span>;
}

function ClockCell({ row, clock }: { row: TicketListRow; clock: ClockName }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const now = useMinuteClock();
  const calendars = useContext(ListCalendars);
  const badge = clockBadge(row.ticket, clock, now, row.calendarId === null ? null : (calendars.get(row.calendarId) ?? null));
  return <ClockBadgeView badge={badge} text={clockBadgeText(t, language, clock, badge, now)} />;
}

function LockIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="11" height="11" viewBox="0 0 12 12">
      <rect x="2" y="5.2" width="8" height="6" rx="1" fill="currentColor" />
      <path d="M3.8 5.2V3.8a2.2 2.2 0 0 1 4.4 0v1.4" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}

function PendingIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="11" height="11" viewBox="0 0 12 12">
      <path d="M10 6a4 4 0 1 1-1.2-2.85" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      <path d="M9.4 1.2v2.4H7" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

const clockColumn = (id: ColumnId, clock: ClockName) =>
  helper.accessor((row) => row.ticket[`${clock}Due`], { id, header: () => <Header id={id} />, cell: ({ row }) => <ClockCell row={row.original} clock={clock} /> });

/**
 * The list's columns, in the order the grid template in workspace.css lays them out: the clocks
 * right after the title, so that in a narrow window the people and the age leave the screen
 * first, never the clocks.
 */
export const listColumns = helper.columns([
  helper.accessor((row) => row.ticket.number, { id: 'number', header: () => <Header id="number" />, cell: ({ row }) => <NumberCell row={row.original} /> }),
  helper.accessor((row) => row.ticket.title, { id: 'title', header: () => <Header id="title" />, cell: ({ row }) => <TitleCell row={row.original} /> }),
  clockColumn('first-response-due', 'firstResponse'),
  clockColumn('update-due', 'update'),
  clockColumn('solution-due', 'solution'),
  helper.accessor((row) => row.ticket.state, { id: 'state', header: () => <Header id="state" />, cell: ({ row }) => <StateCell row={row.original} /> }),
  helper.accessor((row) => row.ticket.priority, { id: 'priority', header: () => <Header id="priority" />, cell: ({ row }) => <PriorityCell row={row.original} /> }),
  helper.accessor((row) => row.ownerName, { id: 'owner', header: () => <Header id="owner" />, cell: ({ row }) => <OwnerCell row={row.original} /> }),
  helper.accessor((row) => row.customerName, { id: 'customer', header: () => <Header id="customer" />, cell: ({ row }) => <CustomerCell row={row.original} /> }),
  helper.accessor((row) => row.institutionName, {
    id: 'institution',
    header: () => <Header id="institution" />,
    cell: ({ row }) => <NameCell id={row.original.ticket.institutionId} name={row.original.institutionName} none="" />,
  }),
  helper.accessor((row) => row.ticket.createdAt, { id: 'age', header: () => <Header id="age" />, cell: ({ row }) => <AgeCell row={row.original} /> }),
]);
