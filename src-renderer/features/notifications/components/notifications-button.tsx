import { Button } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../../i18n/use-t.js';
import { useAppInfo } from '../../app/queries.js';
import '../notifications.css';
import { useNotificationSettings } from '../queries.js';
import { BellIcon } from './bell-icon.js';
import { NotificationSettingsDialog } from './notification-settings-dialog.js';

/** The header's way to the notification settings: a button with its words, the dialog behind it. */
export function NotificationsButton() {
  const t = useT();
  const [opened, setOpened] = useState(false);
  const settings = useNotificationSettings();
  const host = useAppInfo().data?.host;
  const watched = settings.data?.queues.filter((queue) => queue.watched).length ?? 0;
  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={<BellIcon />}
        aria-haspopup="dialog"
        // The visible words come first in the name, the count of watched queues after them.
        aria-label={watched > 0 ? t('notifications.open.watching', watched) : t('notifications.open')}
        onClick={() => setOpened(true)}
      >
        {t('notifications.open')}
      </Button>
      <NotificationSettingsDialog opened={opened} onClose={() => setOpened(false)} inBrowser={host === 'browser'} />
    </>
  );
}
