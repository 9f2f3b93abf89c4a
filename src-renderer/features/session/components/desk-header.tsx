import { Button, Group, Text, Title } from '@mantine/core';
import { LanguageSwitch } from '../../../components/language-switch.js';
import { useT } from '../../../i18n/use-t.js';

interface DeskHeaderProps {
  displayName: string;
  onLogout: () => void;
  loggingOut: boolean;
}

export function DeskHeader({ displayName, onLogout, loggingOut }: DeskHeaderProps) {
  const t = useT();
  return (
    <header className="desk-header">
      <Title order={1} className="desk-brand">
        {t('app.name')}
      </Title>
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
