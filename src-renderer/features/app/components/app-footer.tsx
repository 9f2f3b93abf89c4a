import { Text } from '@mantine/core';
import { useT } from '../../../i18n/use-t.js';
import { useAppInfo } from '../queries.js';

/** Version, host and server in one quiet line, so a support call can name them. */
export function AppFooter() {
  const t = useT();
  const info = useAppInfo();
  const value = info.data;
  return (
    <footer className="app-footer" aria-label={t('app.footer.label')}>
      <Text size="xs" c="dimmed">
        {t('app.name')}
        {value && (
          <>
            {' · '}
            {t('app.footer.version', value.version)}
            {' · '}
            {value.host === 'electron' ? t('app.footer.host.electron') : t('app.footer.host.browser')}
            {' · '}
            {value.server.embedded ? t('app.footer.server.embedded', value.server.url) : t('app.footer.server.remote', value.server.url)}
          </>
        )}
      </Text>
    </footer>
  );
}
