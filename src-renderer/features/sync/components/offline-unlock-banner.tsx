import { Button, Text } from '@mantine/core';
import { useId } from 'react';
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
  const titleId = useId();
  return (
    <section className="notice-banner" aria-labelledby={titleId}>
      <UnlockedIcon />
      <div className="notice-banner-text">
        <Text id={titleId} size="sm" fw={700} span>
          {t('offline-banner.title')}:{' '}
        </Text>
        <Text size="sm" span>
          {t('offline-banner.text', asOf)}
        </Text>
      </div>
      {onRelogin !== null && (
        <Button size="compact-sm" variant="default" onClick={onRelogin} loading={reloginPending}>
          {t('offline-banner.relogin')}
        </Button>
      )}
    </section>
  );
}
