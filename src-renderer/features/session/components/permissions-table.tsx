import { Badge, Group, Table, Text } from '@mantine/core';
import { rights, type Permissions } from '../../../../src-shared/permissions.js';
import { useT } from '../../../i18n/use-t.js';

/** Group → rights as the server granted them; each right named in words with its code. */
export function PermissionsTable({ permissions, captionId }: { permissions: Permissions; captionId: string }) {
  const t = useT();
  const groups = Object.keys(permissions).sort((a, b) => a.localeCompare(b));
  if (groups.length === 0) return <Text size="sm">{t('agent.permissions.none')}</Text>;
  return (
    <Table aria-labelledby={captionId} withTableBorder verticalSpacing={4} horizontalSpacing="xs" fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('agent.permissions.group')}</Table.Th>
          <Table.Th scope="col">{t('agent.permissions.rights')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {groups.map((group) => {
          const held = new Set(permissions[group]);
          return (
            <Table.Tr key={group}>
              <Table.Th scope="row" fw={500}>
                {group}
              </Table.Th>
              <Table.Td>
                <Group gap={4}>
                  {rights
                    .filter((right) => held.has(right))
                    .map((right) => (
                      <Badge key={right} variant="default" size="md" tt="none" title={right}>
                        {t(`right.${right}`)} ({right})
                      </Badge>
                    ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
