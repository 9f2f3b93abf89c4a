import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { WarningIcon } from '../../../components/status-icons.js';
import { useConnectionState } from '../../../ipc/use-connection-state.js';
import { useT } from '../../../i18n/use-t.js';
import { useSessionEvents, useSessionState } from '../queries.js';
import { LoginScreen } from './login-screen.js';
import { SignedInShell } from './signed-in-shell.js';

/** Shows the login screen or the signed-in shell, whichever the main process's session says. */
export function SessionGate() {
  const t = useT();
  useSessionEvents();
  const session = useSessionState();
  const connectionState = useConnectionState();

  if (session.data?.state === 'signed-in') return <SignedInShell session={session.data} />;
  if (session.data?.state === 'signed-out') return <LoginScreen />;
  if (connectionState === 'unavailable') {
    return (
      <main className="screen-message">
        <Alert role="alert" color="red" variant="light" icon={<WarningIcon />} title={t('app.start-failed')}>
          {t('connection.unavailable')}
        </Alert>
      </main>
    );
  }
  if (session.isError) {
    return (
      <main className="screen-message">
        <Stack gap="sm" align="flex-start">
          <ReasonAlert title={t('app.start-failed')} error={session.error} />
          <Button variant="default" onClick={() => void session.refetch()} loading={session.isFetching}>
            {t('app.retry')}
          </Button>
        </Stack>
      </main>
    );
  }
  return (
    <main className="screen-message" aria-busy="true">
      <Group>
        <Loader size="sm" aria-hidden="true" />
        <Text role="status">{t('app.loading')}</Text>
      </Group>
    </main>
  );
}
