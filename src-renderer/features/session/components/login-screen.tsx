import { Alert, Paper, Text, Title } from '@mantine/core';
import { LanguageSwitch } from '../../../components/language-switch.js';
import { useT } from '../../../i18n/use-t.js';
import { useReloginStore } from '../../sync/relogin-store.js';
import { LoginForm } from './login-form.js';

export function LoginScreen() {
  const t = useT();
  const notice = useReloginStore((state) => state.notice);
  return (
    <>
      <header className="desk-header">
        <Text className="desk-brand" fw={700}>
          {t('app.name')}
        </Text>
        <LanguageSwitch />
      </header>
      <main className="login-main">
        <Paper withBorder shadow="xs" p="lg" className="login-card">
          <Title order={1} size="h3">
            {t('login.title')}
          </Title>
          <Text size="sm" mt={4} mb="md">
            {t('login.intro')}
          </Text>
          {notice !== null && (
            // News, not an error: a polite status, so that the form's own alerts stay the only assertive ones.
            <Alert role="status" color="blue" variant="light" title={t('relogin.title')} mb="md" data-relogin={notice}>
              {t(notice === 'session-ended' ? 'relogin.session-ended' : 'relogin.unlocked-offline')}
            </Alert>
          )}
          <LoginForm />
        </Paper>
      </main>
    </>
  );
}
