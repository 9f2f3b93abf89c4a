import { Button, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useId, type JSX } from 'react';
import type { SyncStatusView } from '../../../../src-shared/ipc/cache.js';
import { OfflineIcon, SignedOutIcon, SyncedIcon, SyncingIcon, UnlockedIcon } from '../../../components/status-icons.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import { indicatorView, type IndicatorKind } from '../status-view.js';

const icons: Record<IndicatorKind, () => JSX.Element> = {
  starting: SyncingIcon,
  online: SyncedIcon,
  syncing: SyncingIcon,
  offline: OfflineIcon,
  unlocked: UnlockedIcon,
  'signed-out': SignedOutIcon,
};

interface SyncIndicatorProps {
  status: SyncStatusView | undefined;
  /** Shown with the signed-out state: takes the agent to the login. */
  onRelogin: () => void;
  reloginPending: boolean;
}

/**
 * The always visible sync state in the header: icon and words (not colour alone), details in a
 * tooltip that keyboard focus opens too. Only the state's words sit in the live region, so a
 * screen reader hears "Offline seit 10:42" once, not every page of a sync.
 */
export function SyncIndicator({ status, onRelogin, reloginPending }: SyncIndicatorProps) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const detailId = useId();
  const view = indicatorView(t, language, status, new Date());
  const Icon = icons[view.kind];
  const described = view.detail !== null;
  return (
    <div className="sync-indicator" role="group" aria-label={t('sync.label')} data-sync-state={view.kind}>
      {/* One structure for every state: the live region inside must stay mounted to be heard. */}
      <Tooltip label={view.detail ?? ''} disabled={!described} multiline w={320} withArrow openDelay={250} events={{ hover: true, focus: true, touch: true }}>
        <span className={`sync-chip sync-chip-${view.kind}`} tabIndex={described ? 0 : undefined} aria-describedby={described ? detailId : undefined}>
          <Icon />
          <span role="status" className="sync-chip-label">
            {view.label}
          </span>
        </span>
      </Tooltip>
      {view.detail !== null && <VisuallyHidden id={detailId}>{view.detail}</VisuallyHidden>}
      {view.progress !== null && (
        <Text span size="sm" className="sync-progress">
          {view.progress}
        </Text>
      )}
      {view.searchIndex !== null && (
        <Text span size="sm" className="sync-search-index" title={view.searchIndex.detail}>
          {view.searchIndex.text}
        </Text>
      )}
      {view.kind === 'signed-out' && (
        <Button size="compact-sm" onClick={onRelogin} loading={reloginPending}>
          {t('sync.relogin')}
        </Button>
      )}
    </div>
  );
}
