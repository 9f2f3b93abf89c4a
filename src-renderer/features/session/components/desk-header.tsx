import { Button, Group, Popover, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { SignedInAgent } from '../../../../src-shared/domain/people.js';
import { LanguageSwitch } from '../../../components/language-switch.js';
import { useT } from '../../../i18n/use-t.js';
import { AgentPanel } from './agent-panel.js';

interface DeskHeaderProps {
  signedIn: SignedInAgent;
  onLogout: () => void;
  loggingOut: boolean;
  /** The sync indicator, beside the name of the program: it grows to the right without moving anything else. */
  sync: ReactNode;
  /** The search field (features/search), between the program and the agent. */
  search: ReactNode;
  /** The notification settings' button (features/notifications), before the language. */
  notifications: ReactNode;
}

export function DeskHeader({ signedIn, onLogout, loggingOut, sync, search, notifications }: DeskHeaderProps) {
  const t = useT();
  const { displayName } = signedIn.agent;
  return (
    <header className="desk-header">
      <Group gap="lg" wrap="nowrap" className="desk-header-start">
        <Title order={1} className="desk-brand">
          {t('app.name')}
        </Title>
        {sync}
      </Group>
      <div className="desk-header-search">{search}</div>
      <Group gap="md" wrap="nowrap">
        <Group gap={4} wrap="nowrap">
          <Text size="sm" span className="header-label">
            {t('shell.signed-in-as')}
          </Text>
          {/* Who the server says is signed in, with roles and rights, one click or Enter away. */}
          <Popover position="bottom-end" width={520} shadow="md" trapFocus returnFocus withinPortal>
            <Popover.Target>
              <Button variant="subtle" size="compact-sm" className="agent-button" aria-label={t('agent-menu.open', displayName)}>
                {displayName}
              </Button>
            </Popover.Target>
            {/* Focusable, as it scrolls when the rights are many and has no control of its own. */}
            <Popover.Dropdown className="agent-dropdown" tabIndex={0}>
              <AgentPanel signedIn={signedIn} bare />
            </Popover.Dropdown>
          </Popover>
        </Group>
        {notifications}
        <LanguageSwitch />
        <Button variant="default" size="xs" onClick={onLogout} loading={loggingOut}>
          {t('shell.logout')}
        </Button>
      </Group>
    </header>
  );
}
