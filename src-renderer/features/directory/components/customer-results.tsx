import { Table, VisuallyHidden } from '@mantine/core';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { CustomerUser } from '../../../../src-shared/domain/people.js';
import { useT } from '../../../i18n/use-t.js';

interface CustomerResultsProps {
  customers: readonly CustomerUser[];
  /** True while newer matches are loading and these are the previous ones. */
  stale: boolean;
  /** Escape leaves the table, back to the search field. */
  onExit: () => void;
}

const nextRow: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (index, count) => Math.min(index + 1, count - 1),
  ArrowUp: (index) => Math.max(index - 1, 0),
  Home: () => 0,
  End: (_index, count) => count - 1,
  PageDown: (index, count) => Math.min(index + 10, count - 1),
  PageUp: (index) => Math.max(index - 10, 0),
};

/**
 * Matches as a table. One row at a time is in the tab order (roving tabindex): the arrow keys,
 * Home/End and Page Up/Down move between rows, Escape returns to the search field.
 */
export function CustomerResults({ customers, stale, onExit }: CustomerResultsProps) {
  const t = useT();
  const [activeIndex, setActiveIndex] = useState(0);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const current = Math.min(activeIndex, customers.length - 1);

  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>, index: number) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onExit();
      return;
    }
    const move = nextRow[event.key];
    if (!move) return;
    event.preventDefault();
    const target = move(index, customers.length);
    setActiveIndex(target);
    rows.current[target]?.focus();
  }

  return (
    <div className="results-scroll">
      <Table
        className="results-table"
        aria-label={t('customers.results')}
        aria-busy={stale}
        stickyHeader
        highlightOnHover
        verticalSpacing={4}
        horizontalSpacing="xs"
        fz="sm"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('customers.column.name')}</Table.Th>
            <Table.Th scope="col">{t('customers.column.username')}</Table.Th>
            <Table.Th scope="col">{t('customers.column.institution')}</Table.Th>
            <Table.Th scope="col">{t('customers.column.email')}</Table.Th>
            <Table.Th scope="col">{t('customers.column.phone')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {customers.map((customer, index) => (
            <Table.Tr
              key={customer.id}
              ref={(row) => {
                rows.current[index] = row;
              }}
              tabIndex={index === current ? 0 : -1}
              onFocus={() => setActiveIndex(index)}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              <Table.Td fw={600}>{customer.displayName}</Table.Td>
              <Table.Td className="mono-value">{customer.username}</Table.Td>
              <Table.Td>
                <Optional value={customer.institution?.name ?? null} />
              </Table.Td>
              <Table.Td className="wrap-anywhere">
                <Optional value={customer.email} />
              </Table.Td>
              <Table.Td className="no-wrap">
                <Optional value={customer.phone} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** A value the directory may lack: a dash on screen, words for screen readers. */
function Optional({ value }: { value: string | null }) {
  const t = useT();
  if (value !== null && value !== '') return value;
  return (
    <>
      <span aria-hidden="true">—</span>
      <VisuallyHidden>{t('common.not-set')}</VisuallyHidden>
    </>
  );
}
