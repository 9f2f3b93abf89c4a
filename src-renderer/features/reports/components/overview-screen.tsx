import { Button, Group, Loader, Select, Text, Title } from '@mantine/core';
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Link } from 'wouter';
import type { Language } from '../../../../src-shared/ipc/app.js';
import type { DepartmentOverview } from '../../../../src-shared/ipc/reports.js';
import { termLabel } from '../../../../src-shared/reports/labels.js';
import { ticketStates } from '../../../../src-shared/sync/entities.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { OfflineIcon, SyncedIcon } from '../../../components/status-icons.js';
import { durationParts, formatCount } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { useQueueChoices } from '../../queues/queries.js';
import { queueTitle } from '../../queues/queue-tree.js';
import { useSyncStatus } from '../../sync/queries.js';
import { indicatorView } from '../../sync/status-view.js';
import { timeBetween } from '../../ticket-list/clock-badge.js';
import { useMinuteClock } from '../../ticket-list/minute-clock.js';
import { ticketPath } from '../../workspace/routes.js';
import { useDepartmentOverview, useOverviewEvents } from '../queries.js';
import { formatInstant, formatTimeOfDay } from '../report-format.js';
import { readableScopes } from './scope-field.js';
import '../reports.css';

const allGroups = '*';
const clockTerms = { firstResponse: 'first-response', update: 'update', solution: 'solution' } as const;

function subscribeFullscreen(onChange: () => void): () => void {
  document.addEventListener('fullscreenchange', onChange);
  return () => document.removeEventListener('fullscreenchange', onChange);
}

/**
 * The live department overview (`#/overview`), for a wall screen: open tickets per queue and
 * state, the clocks closest to breaching, who holds what. Read again whenever the sync brought
 * changes (`cache.changed`); how old the data is and whether the Desk is offline are always in
 * view, also in full screen where the header is not.
 */
export function OverviewScreen() {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const [group, setGroup] = useState<string | null>(null);
  const overview = useDepartmentOverview(group);
  const choices = useQueueChoices();
  const locale = language === 'de' ? 'de-DE' : 'en-GB';
  const groups = useMemo(() => readableScopes(choices.data?.queues ?? [], locale).groups, [choices.data, locale]);
  const screen = useRef<HTMLDivElement>(null);
  const fullscreen = useSyncExternalStore(subscribeFullscreen, () => document.fullscreenElement !== null && document.fullscreenElement === screen.current);
  useOverviewEvents();
  useEffect(() => {
    document.title = `${t('overview.title')} – ${t('app.name')}`;
  }, [t]);

  return (
    <div className="overview-screen" ref={screen} data-overview-screen="">
      <Group justify="space-between" align="flex-end" gap="sm" className="overview-bar">
        <Title order={2} className="overview-title">
          {t('overview.title')}
        </Title>
        <Group gap="sm" align="flex-end">
          <Select
            size="sm"
            label={t('overview.group')}
            data={[{ value: allGroups, label: t('overview.group.all') }, ...groups.map((name) => ({ value: name, label: name }))]}
            value={group ?? allGroups}
            onChange={(value) => setGroup(value === null || value === allGroups ? null : value)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
            w={240}
          />
          <Button
            size="sm"
            variant="default"
            onClick={() => void (fullscreen ? document.exitFullscreen() : screen.current?.requestFullscreen())}
            aria-pressed={fullscreen}
          >
            {fullscreen ? t('overview.fullscreen-leave') : t('overview.fullscreen')}
          </Button>
        </Group>
      </Group>
      <DataState t={t} language={language} dataAsOf={overview.data?.dataAsOf} />
      {overview.isPending && (
        <Text size="lg" role="status">
          <Loader size="sm" aria-hidden="true" /> {t('overview.loading')}
        </Text>
      )}
      {overview.isError && <ReasonAlert title={t('overview.failed')} error={overview.error} />}
      {overview.data !== undefined && <OverviewBody t={t} language={language} overview={overview.data} />}
    </div>
  );
}

/** "Daten vom …" and the sync state in words, beside each other. */
function DataState({ t, language, dataAsOf }: { t: Translate; language: Language; dataAsOf: string | null | undefined }) {
  const status = useSyncStatus().data;
  const view = indicatorView(t, language, status, new Date());
  const offline = view.kind === 'offline' || view.kind === 'unlocked' || view.kind === 'signed-out';
  return (
    <p className={`overview-data-state${offline ? ' overview-offline' : ''}`} data-sync-state={view.kind}>
      <span data-fact="data-as-of">{dataAsOf === undefined ? '' : dataAsOf === null ? t('overview.never-synced') : t('overview.data-as-of', formatInstant(language, dataAsOf))}</span>
      <span className="overview-sync">
        {offline ? <OfflineIcon /> : <SyncedIcon />}
        {view.label}
      </span>
    </p>
  );
}

function OverviewBody({ t, language, overview }: { t: Translate; language: Language; overview: DepartmentOverview }) {
  const queuesId = useId();
  const total = overview.queues.reduce((sum, queue) => sum + queue.open, 0);
  const n = (value: number): string => formatCount(language, value);
  return (
    <>
      <section className="overview-queues" aria-labelledby={queuesId}>
        <Title order={3} id={queuesId} className="overview-heading">
          {t('overview.queues')} <span className="overview-total tabular">{t('overview.open-total', total)}</span>
        </Title>
        {overview.queues.length === 0 ? (
          <Text size="lg">{t('overview.queues.none')}</Text>
        ) : (
          <ul className="plain-list overview-tiles">
            {overview.queues.map((queue) => (
              <li key={queue.queueId} className="overview-tile" data-queue-id={queue.queueId}>
                <span className="overview-tile-name">{queueTitle(queue.name)}</span>
                <span className="overview-tile-open tabular">
                  {n(queue.open)} <span className="overview-tile-unit">{t('overview.open')}</span>
                </span>
                <dl className="overview-states">
                  {ticketStates
                    .filter((state) => (queue.states[state] ?? 0) > 0)
                    .map((state) => (
                      <div key={state} data-state={state}>
                        <dt>{termLabel(language, state)}</dt>
                        <dd className="tabular">{n(queue.states[state] ?? 0)}</dd>
                      </div>
                    ))}
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="overview-columns">
        <NearBreach t={t} language={language} overview={overview} />
        <Holders t={t} language={language} overview={overview} />
      </div>
    </>
  );
}

function NearBreach({ t, language, overview }: { t: Translate; language: Language; overview: DepartmentOverview }) {
  const titleId = useId();
  const now = useMinuteClock();
  return (
    <section className="overview-panel" aria-labelledby={titleId}>
      <Title order={3} id={titleId} className="overview-heading">
        {t('overview.near-breach')}
      </Title>
      {overview.nearBreach.length === 0 ? (
        <Text size="lg">{t('overview.near-breach.none')}</Text>
      ) : (
        <table className="overview-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{t('overview.near-breach.ticket')}</th>
              <th scope="col">{t('overview.near-breach.queue')}</th>
              <th scope="col">{t('overview.near-breach.clock')}</th>
              <th scope="col">{t('overview.near-breach.due')}</th>
              <th scope="col" className="report-number">
                {t('overview.near-breach.left')}
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.nearBreach.map((clock) => {
              // Working time on the clock's calendar, as the lists count it; clock time where the cache lacks it.
              const dueAt = Date.parse(clock.due);
              const calendar = clock.calendarId === null ? null : (overview.calendars[clock.calendarId] ?? null);
              const left = dueAt <= now ? 0 : timeBetween(calendar, now, dueAt);
              return (
                <tr key={`${clock.ticketId}-${clock.clock}`} data-ticket-id={clock.ticketId}>
                  <th scope="row">
                    <Link href={ticketPath(clock.ticketId)} className="overview-ticket">
                      <span className="tabular">{clock.number}</span> {clock.title}
                    </Link>
                  </th>
                  <td>{queueTitle(clock.queue)}</td>
                  <td>{termLabel(language, clockTerms[clock.clock])}</td>
                  <td className="tabular">{formatTimeOfDay(language, new Date(clock.due))}</td>
                  <td className="report-number overview-left">{left <= 0 ? t('overview.left.overdue') : t('overview.left', t('sla.duration', durationParts(left)))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Holders({ t, language, overview }: { t: Translate; language: Language; overview: DepartmentOverview }) {
  const titleId = useId();
  const n = (value: number): string => formatCount(language, value);
  return (
    <section className="overview-panel" aria-labelledby={titleId}>
      <Title order={3} id={titleId} className="overview-heading">
        {t('overview.holders')}
      </Title>
      {overview.holders.length === 0 ? (
        <Text size="lg">{t('overview.holders.none')}</Text>
      ) : (
        <table className="overview-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{t('overview.holders.agent')}</th>
              <th scope="col" className="report-number">
                {t('overview.holders.open')}
              </th>
              <th scope="col" className="report-number">
                {t('overview.holders.locked')}
              </th>
            </tr>
          </thead>
          <tbody>
            {overview.holders.map((holder) => (
              <tr key={holder.agentId ?? ''} data-agent-id={holder.agentId ?? ''}>
                <th scope="row">{holder.agentId === null ? t('overview.holders.nobody') : (holder.name ?? t('overview.holders.unknown', holder.agentId))}</th>
                <td className="report-number tabular">{n(holder.open)}</td>
                <td className="report-number tabular">{n(holder.locked)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
