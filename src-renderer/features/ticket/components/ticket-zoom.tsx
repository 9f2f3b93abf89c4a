import { Button, Tabs } from '@mantine/core';
import { useId } from 'react';
import type { TicketView } from '../../../../src-shared/ipc/cache.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { meansGone } from '../../../ipc/ipc-error.js';
import { useT } from '../../../i18n/use-t.js';
import { useSessionState } from '../../session/queries.js';
import type { People } from '../labels.js';
import { useTicketRefresh, useTicketView } from '../queries.js';
import { useMinute } from '../use-minute.js';
import { ArticleList } from './article-list.js';
import { EditStates } from './edit-states.js';
import { SlaClocks } from './sla-clocks.js';
import { TicketHeader } from './ticket-header.js';
import { TicketHistory } from './ticket-history.js';
import { TicketActions } from './ticket-actions.js';
import { TicketLinks, TimeEntries } from './ticket-links.js';
import '../ticket-zoom.css';

/** Why the last refresh of a ticket already shown failed, and how to ask again; null while it is current. */
interface RefreshFailure {
  error: unknown;
  retry: () => void;
}

function TicketContent({ view, refreshFailure }: { view: TicketView; refreshFailure: RefreshFailure | null }) {
  const t = useT();
  const titleId = useId();
  const now = useMinute();
  const session = useSessionState().data;
  const people: People = { me: session?.state === 'signed-in' ? session.signedIn.agent : null, agents: view.context.agents };
  return (
    <section className="ticket-zoom" aria-labelledby={titleId} data-ticket-id={view.ticket.id}>
      <TicketHeader view={view} people={people} titleId={titleId} now={now} />
      {refreshFailure !== null && (
        <ReasonAlert title={t('ticket.refresh-failed')} error={refreshFailure.error}>
          <Button variant="subtle" size="compact-sm" ml="xs" onClick={refreshFailure.retry}>
            {t('ticket.refresh-again')}
          </Button>
        </ReasonAlert>
      )}
      <TicketActions view={view} people={people} />
      <EditStates view={view} people={people} now={now} />
      <SlaClocks ticket={view.ticket} context={view.context} now={now} />
      <Tabs defaultValue="articles" keepMounted={false} className="ticket-tabs">
        <Tabs.List aria-label={t('ticket.sections')}>
          <Tabs.Tab value="articles">{t('ticket.tab.articles', view.articles.length)}</Tabs.Tab>
          <Tabs.Tab value="history">{t('ticket.tab.history', view.history.length)}</Tabs.Tab>
          <Tabs.Tab value="links">{t('ticket.tab.links', view.links.length)}</Tabs.Tab>
          <Tabs.Tab value="time">{t('ticket.tab.time', view.timeEntries.length)}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="articles" className="ticket-panel">
          <ArticleList articles={view.articles} now={now} waitingIds={view.pendingArticleIds} />
        </Tabs.Panel>
        <Tabs.Panel value="history" className="ticket-panel">
          <TicketHistory history={view.history} people={people} now={now} />
        </Tabs.Panel>
        <Tabs.Panel value="links" className="ticket-panel">
          <TicketLinks ticketId={view.ticket.id} links={view.links} />
        </Tabs.Panel>
        <Tabs.Panel value="time" className="ticket-panel">
          <TimeEntries entries={view.timeEntries} people={people} now={now} />
        </Tabs.Panel>
      </Tabs>
    </section>
  );
}

/** The ticket zoom (`#/ticket/<id>`): header, the editor's actions, SLA clocks, the agent's edits, articles, history, links, time. */
export function TicketZoom({ ticketId }: { ticketId: string }) {
  const t = useT();
  useTicketRefresh();
  const view = useTicketView(ticketId);
  if (view.isPending) {
    return (
      <section className="ticket-zoom" aria-busy="true" aria-label={t('ticket.loading')}>
        <p role="status">{t('ticket.loading')}</p>
      </section>
    );
  }
  // A refresh that fails for a passing reason (no answer, the server away) keeps the ticket as last
  // read on screen, with what the agent typed in its forms, and says so. A ticket never read, or
  // one no longer there for this agent (moved out of their queues, their rights taken), is
  // replaced by the error: what they may not see leaves the screen as it left the cache.
  if (view.data === undefined || (view.isError && meansGone(view.error))) {
    return (
      <section className="ticket-zoom" aria-label={t('ticket.load-failed')}>
        <ReasonAlert title={t('ticket.load-failed')} error={view.error} />
      </section>
    );
  }
  const refreshFailure = view.isError ? { error: view.error, retry: () => void view.refetch() } : null;
  // Another ticket starts afresh: on its articles, with its own minute timer.
  return <TicketContent key={ticketId} view={view.data} refreshFailure={refreshFailure} />;
}
