import { Alert, Button, Group, Text } from '@mantine/core';
import type { CacheRebuilt } from '../../../../src-shared/ipc/cache.js';
import { NoticeBanner } from '../../../components/notice-banner.js';
import { SyncingIcon, WarningIcon } from '../../../components/status-icons.js';
import { useT } from '../../../i18n/use-t.js';

interface CacheRebuiltBannerProps {
  rebuilt: CacheRebuilt;
  onDismiss: () => void;
}

/**
 * The copy of the agent's tickets was damaged and made afresh at sign-in (cache-recovery.ts).
 * When everything of the agent's own was carried over it is a calm notice; when not, a warning
 * that edits not sent yet may be missing, announced at once, with where IT finds the file.
 */
export function CacheRebuiltBanner({ rebuilt, onDismiss }: CacheRebuiltBannerProps) {
  const t = useT();
  const dismiss = (
    <Button size="compact-sm" variant="default" onClick={onDismiss}>
      {t('cache-rebuilt.dismiss')}
    </Button>
  );
  const text = t('cache-rebuilt.text', rebuilt.editsSaved, rebuilt.draftsSaved);
  if (!rebuilt.complete) {
    return (
      <Alert role="alert" color="red" variant="light" title={t('cache-rebuilt.title')} icon={<WarningIcon />} data-testid="cache-rebuilt">
        <Text size="sm">{text}</Text>
        <Text size="sm" fw={600} mt={4} style={{ overflowWrap: 'anywhere' }}>
          {t('cache-rebuilt.incomplete', rebuilt.keptFile)}
        </Text>
        <Group mt="xs">{dismiss}</Group>
      </Alert>
    );
  }
  return <NoticeBanner icon={<SyncingIcon />} title={t('cache-rebuilt.title')} text={text} action={dismiss} testId="cache-rebuilt" />;
}
