import { Button, SegmentedControl, Table, TextInput, Title } from '@mantine/core';
import { useState, type SubmitEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { portalSearchMaxLength, portalTicketFilters, type PortalTicketFilter } from '../../../src-shared/portal/api.js';
import { useTicketList } from '../../api/queries.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { StateBadge } from '../../components/state-badge.js';
import { useFormatInstant, useT } from '../../i18n/use-t.js';

function isFilter(value: string | null): value is PortalTicketFilter {
  return value !== null && (portalTicketFilters as readonly string[]).includes(value);
}

/** Filter and search live in the address, so that the back button and a bookmark bring them back. */
function useListAddress(): { filter: PortalTicketFilter; q: string; go(filter: PortalTicketFilter, q: string): void } {
  const search = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const filter = search.get('filter');
  return {
    filter: isFilter(filter) ? filter : 'open',
    q: search.get('q') ?? '',
    go: (next, q) => navigate(`/?${new URLSearchParams({ filter: next, ...(q === '' ? {} : { q }) }).toString()}`),
  };
}

export function TicketListPage() {
  const t = useT();
  const formatInstant = useFormatInstant();
  const address = useListAddress();
  const [typed, setTyped] = useState(address.q);
  const list = useTicketList(address.filter, address.q);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    address.go(address.filter, typed.trim());
  };

  return (
    <section className="portal-card" aria-labelledby="list-heading">
      <Title order={1} size="h3" id="list-heading">
        {t.list.heading}
      </Title>
      <div className="portal-list-tools">
        <SegmentedControl
          aria-label={t.list.filterLabel}
          value={address.filter}
          onChange={(value) => address.go(value, address.q)}
          data={portalTicketFilters.map((filter) => ({ value: filter, label: t.list.filters[filter] }))}
        />
        <form className="portal-search" role="search" onSubmit={submit}>
          <TextInput
            label={t.list.search}
            placeholder={t.list.searchHint}
            value={typed}
            maxLength={portalSearchMaxLength}
            onChange={(event) => setTyped(event.currentTarget.value)}
            type="search"
          />
          <Button type="submit" variant="default">
            {t.list.searchSubmit}
          </Button>
        </form>
      </div>
      {list.error !== null && <ErrorAlert error={list.error} />}
      {list.data !== undefined && (
        <>
          <p className="portal-count" aria-live="polite">
            {t.list.count(list.data.tickets.length)}
          </p>
          {list.data.truncated && <p className="portal-note">{t.list.truncated(list.data.tickets.length)}</p>}
          {list.data.tickets.length === 0 ? (
            <p className="portal-empty">{t.list.empty}</p>
          ) : (
            <Table className="portal-table" striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t.list.number}</Table.Th>
                  <Table.Th scope="col">{t.list.title}</Table.Th>
                  <Table.Th scope="col">{t.list.state}</Table.Th>
                  <Table.Th scope="col">{t.list.customer}</Table.Th>
                  <Table.Th scope="col">{t.list.created}</Table.Th>
                  <Table.Th scope="col">{t.list.updated}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.tickets.map((ticket) => (
                  <Table.Tr key={ticket.id} data-ticket-number={ticket.number}>
                    <Table.Td className="portal-number">{ticket.number}</Table.Td>
                    <Table.Td>
                      <Link href={`/tickets/${ticket.id}`}>{ticket.title}</Link>
                    </Table.Td>
                    <Table.Td>
                      <StateBadge state={ticket.state} />
                    </Table.Td>
                    <Table.Td>
                      {ticket.customerName ?? '–'} {ticket.mine && t.list.mine}
                    </Table.Td>
                    <Table.Td>{formatInstant(ticket.createdAt)}</Table.Td>
                    <Table.Td>{formatInstant(ticket.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </section>
  );
}
