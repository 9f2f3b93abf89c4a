import { Button } from '@mantine/core';
import { NoticeBanner } from '../../../components/notice-banner.js';
import { UnlockedIcon } from '../../../components/status-icons.js';
import { useT } from '../../../i18n/use-t.js';

interface OfflineUnlockBannerProps {
  /** When the cache last synced, already formatted: what the agent sees is as of then; null when unknown. */
  asOf: string | null;
  /** Null when the header offers the sign-in already (the sync says signed-out). */
  onRelogin: (() => void) | null;
  reloginPending: boolean;
}

/** Calm, not alarming: the agent chose to work offline and should know what that means for their edits. */
export function OfflineUnlockBanner({ asOf, onRelogin, reloginPending }: OfflineUnlockBannerProps) {
  const t = useT();
  return (
    <NoticeBanner
      icon={<UnlockedIcon />}
      title={t('offline-banner.title')}
      text={t('offline-banner.text', asOf)}
      action={
        onRelogin !== null && (
          <Button size="compact-sm" variant="default" onClick={onRelogin} loading={reloginPending}>
            {t('offline-banner.relogin')}
          </Button>
        )
      }
    />
  );
}
