import { FlexRender, functionalUpdate, useTable, type Row, type SortingState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { TicketListRow } from '../../../../src-shared/ipc/workspace.js';
import { useT } from '../../../i18n/use-t.js';
import type { ListState } from '../../workspace/routes.js';
import { defaultSort } from '../../workspace/routes.js';
import { ListCalendars } from '../list-calendars.js';
import { registerList } from '../list-focus.js';
import { placeOf, useListPlaces, type ListPlace } from '../list-ui-store.js';
import { useTicketWindows, type ListParams, type TicketWindows } from '../queries.js';
import { listColumns, listFeatures } from './columns.js';

/** Every row is this tall (app.css `.list-row`), so the table's height is known from the total alone. */
export const rowHeight = 30;
const headerHeight = 32;
/** Re-ask for windows only when the visible range moved this far. */
const rangeStep = 20;

export interface TicketGridProps {
  /** The list's address: where its scroll position and selection are kept. */
  listKey: string;
  label: string;
  params: ListParams;
  onSortChange: (sort: ListState['sort']) => void;
  onOpen: (ticketId: string) => void;
  /** Tells the screen around it how many rows there are and whether they are being read. */
  onWindows?: (windows: Pick<TicketWindows, 'total' | 'fetching' | 'error'>) => void;
}

type Selection = ListPlace['selected'];

interface GridRowProps {
  row: TicketListRow;
  tableRow: Row<typeof listFeatures, TicketListRow>;
  index: number;
  gridId: string;
  selected: boolean;
  onActivate: (index: number) => void;
}

/**
 * One row of tickets. Memoised: while the agent scrolls, the grid renders again at every frame,
 * and only the rows entering the screen (or whose data, selection or place changed) render; the
 * others keep what they drew, clock badges included.
 */
const GridRow = memo(function GridRow({ row, tableRow, index, gridId, selected, onActivate }: GridRowProps) {
  return (
    <tr
      id={`${gridId}-row-${String(index)}`}
      className="list-row-grid list-row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-ticket-id={row.ticket.id}
      data-pending={row.pending.some((edit) => edit.status === 'pending') || undefined}
      style={{ transform: `translateY(${String(index * rowHeight)}px)` }}
      onClick={() => onActivate(index)}
    >
      {tableRow.getAllCells().map((cell) => (
        <td key={cell.id} data-column={cell.column.id}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  );
});

/** A row not read yet: an empty placeholder of the same height, so nothing moves when it arrives. */
const PlaceholderRow = memo(function PlaceholderRow({ index, loadingText }: { index: number; loadingText: string }) {
  return (
    <tr className="list-row-grid list-row list-row-loading" aria-rowindex={index + 2} style={{ transform: `translateY(${String(index * rowHeight)}px)` }}>
      {listColumns.map((column, position) => (
        <td key={column.id ?? position} aria-busy="true">
          {position === 1 ? <span className="cell-dimmed">{loadingText}</span> : null}
        </td>
      ))}
    </tr>
  );
});

/** Where the selection is now: its ticket's row if that moved (the list was re-read), else its old place. */
function selectedIndex(selection: Selection, rows: ReadonlyMap<number, TicketListRow>): number | null {
  if (selection === null) return null;
  if (rows.get(selection.index)?.ticket.id === selection.ticketId) return selection.index;
  for (const [index, row] of rows) if (row.ticket.id === selection.ticketId) return index;
  return selection.index;
}

const quantise = (index: number): number => Math.floor(index / rangeStep) * rangeStep;

/**
 * The virtualised ticket list: a grid of fixed-height rows, as tall as the whole list, of which
 * only the visible ones (and a few around them) exist. Rows come in windows of `tickets.list`;
 * rows not read yet show as empty placeholders of the same height, so nothing moves when they
 * arrive. One focus stop; the selection moves with j/k or the arrows (`aria-activedescendant`).
 */
export function TicketGrid({ listKey, label, params, onSortChange, onOpen, onWindows }: TicketGridProps) {
  const t = useT();
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLTableElement>(null);
  const [initial] = useState(() => placeOf(listKey));
  const [selection, setSelection] = useState<Selection>(initial.selected);
  const firstVisible = Math.floor(initial.scrollTop / rowHeight);
  const [range, setRange] = useState({ first: quantise(firstVisible), last: quantise(firstVisible) + 2 * rangeStep });
  const windows = useTicketWindows(params, range.first, range.last);
  const count = windows.total ?? 0;
  const scrollTop = useRef(initial.scrollTop);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    initialOffset: initial.scrollTop,
    scrollPaddingStart: headerHeight,
    onChange: (instance) => {
      scrollTop.current = instance.scrollOffset ?? 0;
      const visible = instance.range;
      if (!visible) return;
      const next = { first: quantise(visible.startIndex), last: quantise(visible.endIndex) + rangeStep };
      setRange((previous) => (previous.first === next.first && previous.last === next.last ? previous : next));
    },
  });

  const sorting = useMemo<SortingState>(() => (params.sort.key === 'nearest-due' ? [] : [{ id: params.sort.key, desc: params.sort.direction === 'desc' }]), [params.sort]);
  const table = useTable({
    features: listFeatures,
    columns: listColumns,
    data: windows.loaded,
    getRowId: (row) => row.ticket.id,
    manualSorting: true,
    enableSortingRemoval: true,
    sortDescFirst: false,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const [first] = functionalUpdate(updater, sorting);
      onSortChange(first === undefined ? defaultSort : { key: first.id as ListState['sort']['key'], direction: first.desc ? 'desc' : 'asc' });
    },
  });
  const tableRows = table.getRowModel().rowsById;

  const current = selectedIndex(selection, windows.rows);
  const select = (index: number): void => {
    const bounded = Math.max(0, Math.min(count - 1, index));
    if (count === 0) return;
    const next = { index: bounded, ticketId: windows.rows.get(bounded)?.ticket.id ?? '' };
    setSelection(next);
    useListPlaces.getState().remember(listKey, { selected: next });
    virtualizer.scrollToIndex(bounded);
  };
  const move = (step: number): void => select(current === null ? Math.max(0, virtualizer.range?.startIndex ?? 0) : current + step);
  const open = (index: number | null): void => {
    const row = index === null ? undefined : windows.rows.get(index);
    if (row) onOpen(row.ticket.id);
  };

  // Latest closures for the handle, the rows and the unmount, without re-registering on every render.
  const latest = useRef({ move, selection, current, select, open });
  latest.current = { move, selection, current, select, open };
  // A click on a row selects and opens it; one function for all rows, so that the rows stay memoised.
  const activate = useCallback((index: number) => {
    latest.current.select(index);
    latest.current.open(index);
  }, []);
  useEffect(
    () =>
      registerList({
        focus: (step) => {
          gridRef.current?.focus();
          if (step !== undefined) latest.current.move(latest.current.current === null ? 0 : step);
        },
      }),
    [],
  );
  useEffect(() => {
    // Coming back from a ticket: the list has the focus again, on the row that was opened.
    if (initial.selected !== null) gridRef.current?.focus({ preventScroll: true });
    return () => {
      const { current: index, selection: left } = latest.current;
      useListPlaces.getState().remember(listKey, { scrollTop: scrollTop.current, selected: left === null || index === null ? left : { ...left, index } });
    };
  }, [initial.selected, listKey]);

  useEffect(() => {
    onWindows?.({ total: windows.total, fetching: windows.fetching, error: windows.error });
  }, [onWindows, windows.total, windows.fetching, windows.error]);

  const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 600) - headerHeight) / rowHeight) - 1);
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>): void => {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const steps: Record<string, number> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, PageDown: pageRows, PageUp: -pageRows };
    const step = steps[event.key];
    if (step !== undefined) move(step);
    else if (event.key === 'Home') select(0);
    else if (event.key === 'End') select(count - 1);
    else if (event.key === 'Enter') open(current);
    else return;
    event.preventDefault();
  };

  const items = virtualizer.getVirtualItems();
  const activeRendered = current !== null && items.some((item) => item.index === current) && windows.rows.has(current);
  return (
    <div className="list-scroll" ref={scrollRef}>
      <table
        ref={gridRef}
        id={gridId}
        role="grid"
        className="list-grid"
        aria-label={label}
        aria-rowcount={count + 1}
        aria-colcount={listColumns.length}
        aria-busy={windows.fetching}
        aria-activedescendant={activeRendered ? `${gridId}-row-${String(current)}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <thead className="list-head-row">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="list-row-grid" aria-rowindex={1}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                    <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()} data-sorted={sorted === false ? undefined : sorted}>
                      <span className="cell-text">
                        <table.FlexRender header={header} />
                      </span>
                      <SortMark sorted={sorted} />
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <ListCalendars.Provider value={windows.calendars}>
          <tbody className="list-body" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = windows.rows.get(item.index);
              const tableRow = row === undefined ? undefined : tableRows[row.ticket.id];
              if (row === undefined || tableRow === undefined) return <PlaceholderRow key={`placeholder-${String(item.index)}`} index={item.index} loadingText={t('list.row-loading')} />;
              return <GridRow key={row.ticket.id} row={row} tableRow={tableRow} index={item.index} gridId={gridId} selected={item.index === current} onActivate={activate} />;
            })}
          </tbody>
        </ListCalendars.Provider>
      </table>
    </div>
  );
}

function SortMark({ sorted }: { sorted: false | 'asc' | 'desc' }) {
  // The direction as a shape; the words are the header's aria-sort.
  if (sorted === false) return null;
  return (
    <svg aria-hidden="true" focusable="false" width="10" height="10" viewBox="0 0 10 10" className="sort-mark">
      <path d={sorted === 'asc' ? 'M5 2 9 8H1Z' : 'M5 8 1 2h8Z'} fill="currentColor" />
    </svg>
  );
}
