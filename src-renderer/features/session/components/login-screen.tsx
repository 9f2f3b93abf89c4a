import { Paper, Text, Title } from '@mantine/core';
import { LanguageSwitch } from '../../../components/language-switch.js';
import { useT } from '../../../i18n/use-t.js';
import { LoginForm } from './login-form.js';

export function LoginScreen() {
  const t = useT();
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
          <LoginForm />
        </Paper>
      </main>
    </>
  );
}
