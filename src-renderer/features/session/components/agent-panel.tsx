import { Badge, DataList, Group, Paper, Text, Title } from '@mantine/core';
import { useId } from 'react';
import type { SignedInAgent } from '../../../../src-shared/domain/people.js';
import { useT } from '../../../i18n/use-t.js';
import { PermissionsTable } from './permissions-table.js';

/** Who the server says is signed in: identity, roles and rights per group; `bare` inside a popover that frames it. */
export function AgentPanel({ signedIn, bare = false }: { signedIn: SignedInAgent; bare?: boolean }) {
  const t = useT();
  const titleId = useId();
  const rolesId = useId();
  const permissionsId = useId();
  const { agent, permissions } = signedIn;
  return (
    <Paper component="section" withBorder={!bare} p={bare ? 0 : 'md'} aria-labelledby={titleId}>
      <Title id={titleId} order={2} size="h4" mb="xs">
        {t('agent.title')}
      </Title>
      <DataList size="sm" gap={4} labelWidth="9rem">
        <Entry label={t('agent.display-name')} value={agent.displayName} />
        <Entry label={t('agent.username')} value={agent.username} />
        <Entry label={t('agent.email')} value={agent.email ?? t('common.not-set')} />
        <Entry label={t('agent.dn')} value={agent.dn} mono />
        <Entry label={t('agent.id')} value={agent.id} mono />
      </DataList>
      <Title id={rolesId} order={3} size="h5" mt="md" mb={4}>
        {t('agent.roles')}
      </Title>
      {agent.roles.length === 0 ? (
        <Text size="sm">{t('agent.no-roles')}</Text>
      ) : (
        <Group component="ul" aria-labelledby={rolesId} gap={6} className="plain-list">
          {agent.roles.map((role) => (
            <li key={role}>
              <Badge variant="light" tt="none" size="md">
                {role}
              </Badge>
            </li>
          ))}
        </Group>
      )}
      <Title id={permissionsId} order={3} size="h5" mt="md" mb={4}>
        {t('agent.permissions')}
      </Title>
      <PermissionsTable permissions={permissions} captionId={permissionsId} />
    </Paper>
  );
}

function Entry({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue className={mono ? 'mono-value' : undefined}>{value}</DataList.ItemValue>
    </DataList.Item>
  );
}
