import { Button, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../../components/language-switch.js';
import { useT } from '../../../i18n/use-t.js';

interface DeskHeaderProps {
  displayName: string;
  onLogout: () => void;
  loggingOut: boolean;
  /** The sync indicator, beside the name of the program: it grows to the right without moving anything else. */
  sync: ReactNode;
}

export function DeskHeader({ displayName, onLogout, loggingOut, sync }: DeskHeaderProps) {
  const t = useT();
  return (
    <header className="desk-header">
      <Group gap="lg" wrap="nowrap" className="desk-header-start">
        <Title order={1} className="desk-brand">
          {t('app.name')}
        </Title>
        {sync}
      </Group>
      <Group gap="md" wrap="nowrap">
        <Text size="sm">
          <span className="header-label">{t('shell.signed-in-as')} </span>
          <strong>{displayName}</strong>
        </Text>
        <LanguageSwitch />
        <Button variant="default" size="xs" onClick={onLogout} loading={loggingOut}>
          {t('shell.logout')}
        </Button>
      </Group>
    </header>
  );
}
