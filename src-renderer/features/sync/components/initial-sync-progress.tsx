import { Group, Paper, Progress, Text, Title } from '@mantine/core';
import { useId } from 'react';
import type { SyncStatusView } from '../../../../src-shared/ipc/cache.js';
import { percentOf } from '../../../i18n/format.js';
import { useT } from '../../../i18n/use-t.js';

type Loading = Extract<SyncStatusView, { state: 'syncing' }> & { phase: 'snapshot' | 'resync' };

/** Whether a status is a bulk load (the first sync, a scoped resync) that earns the progress bar. */
export function isBulkLoad(status: SyncStatusView | undefined): status is Loading {
  return status?.state === 'syncing' && status.phase !== 'log';
}

/**
 * The first sync of an empty cache (or a resync) as a bar: "12.345 von 100.000 Einträgen",
 * "noch etwa 2 Min.". Without a total from the server the bar is indeterminate and counts what
 * arrived. Not a live region: the header's indicator announces the state, the bar is read on demand.
 */
export function InitialSyncProgress({ status }: { status: Loading }) {
  const t = useT();
  const titleId = useId();
  const total = status.total !== null && status.total > 0 ? status.total : null;
  const items = total === null ? status.items : Math.min(status.items, total);
  const count = total === null ? t('initial-sync.items', items) : t('initial-sync.items-of-total', items, total);
  const eta = total === null ? null : t('initial-sync.eta', status.etaSeconds);
  return (
    <Paper component="section" withBorder p="sm" className="initial-sync" aria-labelledby={titleId}>
      <Title id={titleId} order={2} size="h5">
        {t(`initial-sync.title.${status.phase}`)}
      </Title>
      <Text size="sm" mb={8}>
        {t('initial-sync.intro')}
      </Text>
      <Progress.Root
        size="lg"
        role="progressbar"
        aria-labelledby={titleId}
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total === null ? undefined : items}
        aria-valuetext={eta === null ? count : `${count}, ${eta}`}
        data-indeterminate={total === null || undefined}
      >
        <Progress.Section value={total === null ? 100 : percentOf(items, total)} withAria={false} striped={total === null} animated={total === null} />
      </Progress.Root>
      <Group justify="space-between" mt={6} gap="xs">
        <Text size="sm" className="tabular">
          {count}
        </Text>
        {eta !== null && (
          <Text size="sm" className="tabular">
            {eta}
          </Text>
        )}
      </Group>
    </Paper>
  );
}
