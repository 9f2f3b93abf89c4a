import { Loader, Text, VisuallyHidden } from '@mantine/core';
import { useId, useMemo, type KeyboardEvent } from 'react';
import { Link } from 'wouter';
import type { QueueOverview } from '../../../../src-shared/ipc/workspace.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { formatCount } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import type { MessageKey } from '../../../i18n/messages.js';
import { useT } from '../../../i18n/use-t.js';
import type { OwnView } from '../../workspace/routes.js';
import { useQueueOverview } from '../queries.js';
import { buildQueueTree, type QueueNode } from '../queue-tree.js';

const viewCounts: Record<OwnView, keyof QueueOverview['views']> = {
  mine: 'mine',
  'my-locked': 'myLocked',
  escalated: 'escalated',
  'reminders-due': 'remindersDue',
};

const viewNames: Record<OwnView, MessageKey> = {
  mine: 'queues.view.mine',
  'my-locked': 'queues.view.my-locked',
  escalated: 'queues.view.escalated',
  'reminders-due': 'queues.view.reminders-due',
};

/** Which entry of the navigation the current screen belongs to. */
export type NavTarget = { kind: 'queue'; queueId: string } | { kind: 'view'; view: OwnView } | null;

/**
 * Up and Down move between the links of the navigation, Home and End to its ends; Tab leaves it.
 * The links stay ordinary links (Enter opens), so screen readers read a list of places.
 */
function moveFocus(event: KeyboardEvent<HTMLElement>): void {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>('a[href]'));
  if (links.length === 0) return;
  const index = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next =
    event.key === 'Home' ? 0 : event.key === 'End' ? links.length - 1 : Math.max(0, Math.min(links.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)));
  links[next]?.focus();
  event.preventDefault();
}

/** The agent's views and queue tree with counts, as links; the current one is marked (`aria-current`). */
export function QueueNav({ current }: { current: NavTarget }) {
  const t = useT();
  const overview = useQueueOverview();
  const language = useLanguageStore((state) => state.language);
  const viewsHeading = useId();
  const queuesHeading = useId();
  const tree = useMemo(() => buildQueueTree(overview.data?.queues ?? [], language === 'de' ? 'de-DE' : 'en-GB'), [overview.data, language]);
  const n = (value: number): string => formatCount(language, value);

  return (
    <nav className="queue-nav" aria-label={t('workspace.nav')} onKeyDown={moveFocus} data-queue-nav="">
      <h2 className="nav-heading" id={viewsHeading}>
        {t('queues.views')}
      </h2>
      <ul className="plain-list nav-list" aria-labelledby={viewsHeading}>
        {(Object.keys(viewNames) as OwnView[]).map((view) => {
          const count = overview.data?.views[viewCounts[view]];
          const active = current?.kind === 'view' && current.view === view;
          return (
            <li key={view}>
              <Link href={`/view/${view}`} className="nav-link" aria-current={active ? 'page' : undefined} data-view={view}>
                <span className="nav-label">{t(viewNames[view])}</span>
                {count !== undefined && (
                  <span className={`nav-count tabular${view === 'escalated' && count > 0 ? ' nav-count-escalated' : ''}`}>
                    <span aria-hidden="true">{n(count)}</span>
                    <VisuallyHidden>{t('queues.view-count', count)}</VisuallyHidden>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>

      <div className="nav-heading-row">
        <h2 className="nav-heading" id={queuesHeading}>
          {t('queues.title')}
        </h2>
        {/* The columns' names for the eye; each link says its counts in words. */}
        <span className="queue-count-legend" aria-hidden="true">
          <span>{t('queues.column.total')}</span>
          <span>{t('queues.column.new')}</span>
          <span>{t('queues.column.escalated')}</span>
          <span>{t('queues.column.mine')}</span>
        </span>
      </div>
      {overview.isPending && (
        <Text size="sm" role="status" className="nav-status">
          <Loader size="xs" aria-hidden="true" /> {t('queues.loading')}
        </Text>
      )}
      {overview.isError && <ReasonAlert title={t('queues.failed')} error={overview.error} />}
      {overview.data?.queues.length === 0 && (
        <Text size="sm" className="nav-status">
          {t('queues.none')}
        </Text>
      )}
      {tree.length > 0 && <QueueLevel nodes={tree} current={current} labelledBy={queuesHeading} />}
    </nav>
  );
}

function QueueLevel({ nodes, current, labelledBy }: { nodes: QueueNode[]; current: NavTarget; labelledBy?: string }) {
  return (
    <ul className="plain-list nav-list queue-level" aria-labelledby={labelledBy}>
      {nodes.map((node) => (
        <li key={node.path}>
          <QueueEntry node={node} current={current} />
          {node.children.length > 0 && <QueueLevel nodes={node.children} current={current} />}
        </li>
      ))}
    </ul>
  );
}

function QueueEntry({ node, current }: { node: QueueNode; current: NavTarget }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const n = (value: number): string => formatCount(language, value);
  const queue = node.queue;
  if (queue === null) {
    return (
      <span className="nav-link nav-group" title={t('queues.group-only')}>
        <span className="nav-label">{node.label}</span>
      </span>
    );
  }
  const active = current?.kind === 'queue' && current.queueId === queue.queueId;
  return (
    <Link href={`/queue/${queue.queueId}`} className="nav-link" aria-current={active ? 'page' : undefined} data-queue-id={queue.queueId} data-queue-name={queue.name}>
      <span className="nav-label">{node.label}</span>
      <span className="queue-counts tabular" aria-hidden="true">
        <span data-count="total">{n(queue.total)}</span>
        <span data-count="new" className={queue.new > 0 ? 'count-new' : 'count-zero'}>
          {n(queue.new)}
        </span>
        <span data-count="escalated" className={queue.escalated > 0 ? 'count-escalated' : 'count-zero'}>
          {n(queue.escalated)}
        </span>
        <span data-count="mine" className={queue.mine > 0 ? 'count-mine' : 'count-zero'}>
          {n(queue.mine)}
        </span>
      </span>
      <VisuallyHidden>{`, ${t('queues.counts', queue.total, queue.new, queue.escalated, queue.mine)}`}</VisuallyHidden>
    </Link>
  );
}
