import { Group, Text } from '@mantine/core';
import type { SessionState } from '../../../../src-shared/ipc/session.js';
import { ConnectedIcon, ReconnectingIcon } from '../../../components/status-icons.js';
import { useT } from '../../../i18n/use-t.js';

type DirectoryState = Extract<SessionState, { state: 'signed-in' }>['directory'];

/** The Desk's own LDAP session for live look-ups: shape and words, not colour alone. */
export function DirectoryStatus({ state }: { state: DirectoryState }) {
  const t = useT();
  const connected = state === 'connected';
  return (
    <Group gap={6} role="status" className={connected ? 'status-ok' : 'status-warning'} data-directory-state={state}>
      {connected ? <ConnectedIcon /> : <ReconnectingIcon />}
      <Text size="sm" span>
        {t('directory-status.label')}{' '}
        <strong>{connected ? t('directory-status.connected') : t('directory-status.reconnecting')}</strong>
      </Text>
    </Group>
  );
}
