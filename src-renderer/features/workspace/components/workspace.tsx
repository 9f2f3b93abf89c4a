import { Button } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link, Redirect, Route, Router, Switch, useRoute, useSearch } from 'wouter';
import { useT } from '../../../i18n/use-t.js';
import { PhoneTicketScreen } from '../../phone-ticket/components/phone-ticket-screen.js';
import { QueueNav, type NavTarget } from '../../queues/components/queue-nav.js';
import { useQueueOverview } from '../../queues/queries.js';
import { queueTitle } from '../../queues/queue-tree.js';
import { OverviewScreen } from '../../reports/components/overview-screen.js';
import { ReportsNav } from '../../reports/components/reports-nav.js';
import { ReportsScreen } from '../../reports/components/reports-screen.js';
import { useReportForm } from '../../reports/report-form-store.js';
import { TicketListScreen } from '../../ticket-list/components/ticket-list-screen.js';
import { useListPlaces } from '../../ticket-list/list-ui-store.js';
import { useInstitutionName } from '../../ticket-list/queries.js';
import { historyDepth, navigate, useHashLocation, useHashSearch, useInAppLinks } from '../hash-location.js';
import { useWorkspaceEvents } from '../queries.js';
import { useRecentTickets } from '../recent-store.js';
import { defaultListPath, institutionPath, parseListState, routes, viewOf, type OwnView, type RoutedListView } from '../routes.js';
import { useWorkspaceShortcuts } from '../shortcuts.js';
import { KeyboardMap } from './keyboard-map.js';
import { RecentTickets } from './recent-tickets.js';
import { TicketScreen } from './ticket-screen.js';

/** Back from a ticket: the previous entry of this tab if there is one, else the list last worked in. */
function goBack(): void {
  if (historyDepth() > 0) window.history.back();
  else navigate(useListPlaces.getState().lastList ?? defaultListPath, { replace: true });
}

function forgetOpened(): void {
  useRecentTickets.getState().clear();
  useListPlaces.getState().forgetAll();
  useReportForm.getState().reset();
}

function openPhoneTicket(): void {
  navigate(routes.newPhoneTicket);
}

/** Focuses the current entry of the queue tree, or its first link. */
function focusQueues(): void {
  const nav = document.querySelector('[data-queue-nav]');
  const link = nav?.querySelector<HTMLElement>('a[aria-current="page"]') ?? nav?.querySelector<HTMLElement>('a[href]');
  link?.focus();
}

/** The agent's workspace: queue tree and recent tickets on the left, a list or a ticket beside them. */
export function Workspace({ agentId }: { agentId: string }) {
  useWorkspaceEvents();
  useInAppLinks();
  // What an agent had open belongs to that sign-in only. Cleared before the first render of the
  // lists (which read their places while rendering), and again when the workspace goes.
  useState(forgetOpened);
  useEffect(() => forgetOpened, []);
  return (
    <Router hook={useHashLocation} searchHook={useHashSearch}>
      <WorkspaceLayout agentId={agentId} />
    </Router>
  );
}

function WorkspaceLayout({ agentId }: { agentId: string }) {
  const [mapOpened, setMapOpened] = useState(false);
  const [isQueue, queue] = useRoute<{ queueId: string }>(routes.queue);
  const [isView, view] = useRoute<{ view: string }>(routes.view);
  const [isTicket, ticket] = useRoute<{ ticketId: string }>(routes.ticket);
  const [isPhoneTicket] = useRoute(routes.newPhoneTicket);
  const [isReports] = useRoute(routes.reports);
  const [isOverview] = useRoute(routes.overview);
  const t = useT();
  const search = useSearch();
  const navView = isQueue ? viewOf({ queueId: queue.queueId }) : isView ? viewOf({ view: view.view }) : null;
  const current: NavTarget = navView === null || navView.kind === 'institution' ? null : navView.kind === 'queue' ? navView : { kind: 'view', view: navView.kind };
  useWorkspaceShortcuts({ onShowMap: () => setMapOpened(true), onBack: isTicket ? goBack : null, onFocusQueues: focusQueues, onNewPhoneTicket: openPhoneTicket });

  return (
    <div className="workspace">
      <div className="workspace-side">
        {/* A link styled as the side's first button: it leads to an address (`n` does the same). */}
        <Button component={Link} href={routes.newPhoneTicket} size="sm" className="new-phone-ticket" aria-current={isPhoneTicket ? 'page' : undefined} aria-keyshortcuts="n">
          {t('phone.new')}
        </Button>
        <QueueNav current={current} />
        <ReportsNav current={isReports ? 'reports' : isOverview ? 'overview' : null} />
        <RecentTickets currentTicketId={isTicket ? ticket.ticketId : null} />
      </div>
      <div className="workspace-main">
        <Switch>
          <Route path={routes.ticket}>
            {(params) => <TicketScreen ticketId={params.ticketId} onBack={goBack} />}
          </Route>
          <Route path={routes.newPhoneTicket}>
            <PhoneTicketScreen />
          </Route>
          <Route path={routes.reports}>
            <ReportsScreen />
          </Route>
          <Route path={routes.overview}>
            <OverviewScreen />
          </Route>
          {/* Each list route reads its view from its own match: the Switch's, not another hook's. */}
          <Route path={routes.queue}>{(params) => <ListOrHome view={viewOf({ queueId: params.queueId })} agentId={agentId} search={search} />}</Route>
          <Route path={routes.view}>{(params) => <ListOrHome view={viewOf({ view: params.view })} agentId={agentId} search={search} />}</Route>
          <Route path={routes.institution}>{(params) => <ListOrHome view={viewOf({ institutionId: params.institutionId })} agentId={agentId} search={search} />}</Route>
          {/* The start, and any address that names no screen (typed, or from an older version). */}
          <Route>
            <Redirect to={defaultListPath} replace />
          </Route>
        </Switch>
      </div>
      <KeyboardMap opened={mapOpened} onClose={() => setMapOpened(false)} />
    </div>
  );
}

const viewNames = {
  mine: 'queues.view.mine',
  'my-locked': 'queues.view.my-locked',
  escalated: 'queues.view.escalated',
  'reminders-due': 'queues.view.reminders-due',
} as const satisfies Record<OwnView, string>;

function ListOrHome({ view, agentId, search }: { view: RoutedListView | null; agentId: string; search: string }) {
  return view === null ? <Redirect to={defaultListPath} replace /> : <ListRoute view={view} agentId={agentId} search={search} />;
}

function ListRoute({ view, agentId, search }: { view: RoutedListView; agentId: string; search: string }) {
  const t = useT();
  const overview = useQueueOverview();
  const state = useMemo(() => parseListState(search), [search]);
  const institutionName = useInstitutionName(view.kind === 'institution' ? view.institutionId : null);
  const path = view.kind === 'queue' ? `/queue/${view.queueId}` : view.kind === 'institution' ? institutionPath(view.institutionId) : `/view/${view.kind}`;
  const queueName = view.kind === 'queue' ? overview.data?.queues.find((queue) => queue.queueId === view.queueId)?.name : undefined;
  const title =
    view.kind === 'queue'
      ? t('list.title.queue', queueName === undefined ? '…' : queueTitle(queueName))
      : view.kind === 'institution'
        ? t('list.title.institution', institutionName ?? '…')
        : t(viewNames[view.kind]);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  return <TicketListScreen key={path} view={view} path={path} title={title} state={state} agentId={agentId} />;
}
