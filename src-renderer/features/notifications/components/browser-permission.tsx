import { Alert, Button, Text } from '@mantine/core';
import { WarningIcon } from '../../../components/status-icons.js';
import { useT } from '../../../i18n/use-t.js';
import type { WebPermission } from '../web-notices.js';

/** What the browser allows, in words, with the one button that can change it (only while the browser has not been asked). */
export function BrowserPermission({ permission, onAsk }: { permission: WebPermission; onAsk: () => void }) {
  const t = useT();
  if (permission === 'denied' || permission === 'unsupported') {
    return (
      <Alert color="red" variant="light" icon={<WarningIcon />} title={t('notifications.browser')}>
        {t(permission === 'denied' ? 'notifications.browser.denied' : 'notifications.browser.unsupported')}
      </Alert>
    );
  }
  return (
    <section aria-labelledby="notification-browser-title" className="notification-browser-state">
      <div>
        <Text fw={600} id="notification-browser-title">
          {t('notifications.browser')}
        </Text>
        <Text size="sm">{t(permission === 'granted' ? 'notifications.browser.granted' : 'notifications.browser.default')}</Text>
      </div>
      {permission === 'default' && (
        <Button variant="filled" size="xs" onClick={onAsk}>
          {t('notifications.browser.ask')}
        </Button>
      )}
    </section>
  );
}
