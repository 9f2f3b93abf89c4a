import { useEffect, useMemo, useState } from 'react';
import { Redirect, Route, Router, Switch, useRoute, useSearch } from 'wouter';
import type { TicketListView } from '../../../../src-shared/ipc/workspace.js';
import { useT } from '../../../i18n/use-t.js';
import { QueueNav, type NavTarget } from '../../queues/components/queue-nav.js';
import { useQueueOverview } from '../../queues/queries.js';
import { queueTitle } from '../../queues/queue-tree.js';
import { TicketListScreen } from '../../ticket-list/components/ticket-list-screen.js';
import { useListPlaces } from '../../ticket-list/list-ui-store.js';
import { historyDepth, navigate, useHashLocation, useHashSearch } from '../hash-location.js';
import { useWorkspaceEvents } from '../queries.js';
import { useRecentTickets } from '../recent-store.js';
import { defaultListPath, emptyFilters, parseListState, routes, serializeListState, viewOf, type OwnView } from '../routes.js';
import { useWorkspaceShortcuts } from '../shortcuts.js';
import { KeyboardMap } from './keyboard-map.js';
import { RecentTickets } from './recent-tickets.js';
import { TicketScreen } from './ticket-screen.js';

/** Back from a ticket: the previous entry of this tab if there is one, else the list last worked in. */
function goBack(): void {
  if (historyDepth() > 0) window.history.back();
  else navigate(useListPlaces.getState().lastList ?? defaultListPath, { replace: true });
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
  // What the agent had open belongs to this sign-in only.
  useEffect(
    () => () => {
      useRecentTickets.getState().clear();
      useListPlaces.getState().forgetAll();
    },
    [],
  );
  return (
    <Router hook={useHashLocation} searchHook={useHashSearch}>
      <WorkspaceLayout agentId={agentId} />
    </Router>
  );
}

function WorkspaceLayout({ agentId }: { agentId: string }) {
  const [mapOpened, setMapOpened] = useState(false);
  const [, queue] = useRoute<{ queueId: string }>(routes.queue);
  const [, view] = useRoute<{ view: string }>(routes.view);
  const [, ticket] = useRoute<{ ticketId: string }>(routes.ticket);
  const search = useSearch();
  const listState = useMemo(() => parseListState(search), [search]);
  const listView: TicketListView | null = queue ? viewOf(queue) : view ? viewOf(view) : null;
  const current: NavTarget = listView === null ? null : listView.kind === 'queue' ? listView : { kind: 'view', view: listView.kind };
  useWorkspaceShortcuts({ onShowMap: () => setMapOpened(true), onBack: ticket ? goBack : null, onFocusQueues: focusQueues });
  // The nav keeps the sort when the agent changes queue; filters belong to the list they were set in.
  const navQuery = listView === null ? '' : serializeListState({ sort: listState.sort, filters: emptyFilters });

  return (
    <div className="workspace">
      <div className="workspace-side">
        <QueueNav current={current} query={navQuery} />
        <RecentTickets currentTicketId={ticket?.ticketId ?? null} />
      </div>
      <div className="workspace-main">
        <Switch>
          <Route path={routes.ticket}>{(params) => <TicketScreen ticketId={params.ticketId} onBack={goBack} />}</Route>
          <Route path={routes.queue}>{listView ? <ListRoute view={listView} agentId={agentId} search={search} /> : <Redirect to={defaultListPath} replace />}</Route>
          <Route path={routes.view}>{listView ? <ListRoute view={listView} agentId={agentId} search={search} /> : <Redirect to={defaultListPath} replace />}</Route>
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

function ListRoute({ view, agentId, search }: { view: TicketListView; agentId: string; search: string }) {
  const t = useT();
  const overview = useQueueOverview();
  const state = useMemo(() => parseListState(search), [search]);
  const path = view.kind === 'queue' ? `/queue/${view.queueId}` : `/view/${view.kind}`;
  const queueName = view.kind === 'queue' ? overview.data?.queues.find((queue) => queue.queueId === view.queueId)?.name : undefined;
  const title = view.kind === 'queue' ? t('list.title.queue', queueName === undefined ? '…' : queueTitle(queueName)) : t(viewNames[view.kind]);
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  return <TicketListScreen key={path} view={view} path={path} title={title} state={state} agentId={agentId} />;
}
