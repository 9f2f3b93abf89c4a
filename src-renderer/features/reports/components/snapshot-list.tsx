import { Button, Group, Loader, Paper, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { Language } from '../../../../src-shared/ipc/app.js';
import type { DamagedSnapshot, ReportSource, SnapshotSummary } from '../../../../src-shared/ipc/reports.js';
import { reportWords } from '../../../../src-shared/reports/labels.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import type { Translate } from '../../../i18n/use-t.js';
import { useDeleteSnapshot } from '../mutations.js';
import { periodLabel } from '../period.js';
import { useSnapshots } from '../queries.js';
import { scopeWords } from '../../../../src-shared/reports/labels.js';
import { shortHash } from '../../../../src-shared/reports/model.js';
import { formatInstant } from '../report-format.js';

interface SnapshotListProps {
  t: Translate;
  language: Language;
  shown: ReportSource | null;
  onOpen: (snapshotId: string) => void;
  /** A snapshot was deleted; the screen stops showing it if it was the one shown. */
  onDeleted: (snapshotId: string) => void;
}

/** The frozen reports: open one to see exactly the pages it had, or delete it (asked twice). */
export function SnapshotList({ t, language, shown, onOpen, onDeleted }: SnapshotListProps) {
  const titleId = useId();
  const snapshots = useSnapshots();
  const remove = useDeleteSnapshot();
  return (
    <Paper component="section" withBorder p="sm" className="report-snapshots" aria-labelledby={titleId}>
      <Title id={titleId} order={3} className="report-panel-title">
        {t('reports.snapshots.title')}
      </Title>
      {snapshots.isPending && (
        <Text size="sm" role="status">
          <Loader size="xs" aria-hidden="true" /> {t('reports.snapshots.loading')}
        </Text>
      )}
      {snapshots.isError && <ReasonAlert title={t('reports.snapshots.failed')} error={snapshots.error} />}
      {snapshots.data?.snapshots.length === 0 && snapshots.data.damaged.length === 0 && (
        <Text size="sm" className="report-hint">
          {t('reports.snapshots.none')}
        </Text>
      )}
      {snapshots.data !== undefined && snapshots.data.snapshots.length + snapshots.data.damaged.length > 0 && (
        <div className="report-snapshot-scroll">
          <table className="report-snapshot-table" aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">{t('reports.snapshots.column.report')}</th>
                <th scope="col">{t('reports.snapshots.column.period')}</th>
                <th scope="col">{t('reports.snapshots.column.scope')}</th>
                <th scope="col">{t('reports.snapshots.column.saved')}</th>
                <th scope="col">{t('reports.snapshots.column.hash')}</th>
                <th scope="col">{t('reports.snapshots.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {snapshots.data.snapshots.map((snapshot) => (
                <SnapshotRow
                  key={snapshot.snapshotId}
                  t={t}
                  language={language}
                  snapshot={snapshot}
                  current={shown?.kind === 'snapshot' && shown.snapshotId === snapshot.snapshotId}
                  onOpen={() => onOpen(snapshot.snapshotId)}
                  onDelete={() => remove.mutate(snapshot.snapshotId, { onSuccess: () => onDeleted(snapshot.snapshotId) })}
                  deleting={remove.isPending && remove.variables === snapshot.snapshotId}
                />
              ))}
              {snapshots.data.damaged.map((snapshot) => (
                <SnapshotRow
                  key={snapshot.snapshotId}
                  t={t}
                  language={language}
                  snapshot={snapshot}
                  current={false}
                  onOpen={null}
                  onDelete={() => remove.mutate(snapshot.snapshotId, { onSuccess: () => onDeleted(snapshot.snapshotId) })}
                  deleting={remove.isPending && remove.variables === snapshot.snapshotId}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {remove.isError && <ReasonAlert title={t('reports.snapshots.delete-failed')} error={remove.error} />}
    </Paper>
  );
}

interface SnapshotRowProps {
  t: Translate;
  language: Language;
  /** A damaged one (no longer matching its hash) says so and can only be deleted. */
  snapshot: SnapshotSummary | DamagedSnapshot;
  current: boolean;
  onOpen: (() => void) | null;
  onDelete: () => void;
  deleting: boolean;
}

function SnapshotRow({ t, language, snapshot, current, onOpen, onDelete, deleting }: SnapshotRowProps) {
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  // The button pressed goes away: the focus moves to the one that takes its place, never to the page.
  useEffect(() => {
    if (confirming === true) confirmButton.current?.focus();
    else if (confirming === false) deleteButton.current?.focus();
  }, [confirming]);
  const damaged = 'problem' in snapshot;
  const name = snapshot.kind === null ? t('reports.snapshots.unknown-kind') : reportWords[language].kinds[snapshot.kind];
  const period = damaged ? t('reports.snapshots.damaged') : periodLabel(t, language, snapshot.period);
  return (
    <tr data-snapshot-id={snapshot.snapshotId} aria-current={current ? 'true' : undefined} className={damaged ? 'report-snapshot-damaged' : undefined}>
      <th scope="row">
        {name}
        {current && <span className="report-snapshot-current"> ({t('reports.snapshots.shown')})</span>}
      </th>
      {damaged ? (
        <td colSpan={2} title={snapshot.problem}>
          <Text span inherit c="red.8" fw={600}>
            {t('reports.snapshots.damaged')}
          </Text>{' '}
          {t('reports.snapshots.damaged-hint')}
        </td>
      ) : (
        <>
          <td>{period}</td>
          <td>{scopeWords(language, snapshot.scope, snapshot.scopeName)}</td>
        </>
      )}
      <td className="tabular">{formatInstant(language, snapshot.savedAt)}</td>
      <td className="report-hash" title={snapshot.hash}>
        {shortHash(snapshot.hash)}
      </td>
      <td>
        <Group gap={4} wrap="nowrap">
          {onOpen && (
            <Button size="compact-xs" variant="default" onClick={onOpen} aria-label={t('reports.snapshots.open-label', name, period)}>
              {t('reports.snapshots.open')}
            </Button>
          )}
          {confirming === true ? (
            <>
              <Button ref={confirmButton} size="compact-xs" color="red" onClick={onDelete} loading={deleting} aria-label={t('reports.snapshots.confirm-label', name, period)}>
                {t('reports.snapshots.confirm')}
              </Button>
              <Button size="compact-xs" variant="subtle" onClick={() => setConfirming(false)}>
                {t('reports.snapshots.cancel')}
              </Button>
            </>
          ) : (
            <Button ref={deleteButton} size="compact-xs" variant="subtle" color="red" onClick={() => setConfirming(true)} aria-label={t('reports.snapshots.delete-label', name, period)}>
              {t('reports.snapshots.delete')}
            </Button>
          )}
        </Group>
      </td>
    </tr>
  );
}
