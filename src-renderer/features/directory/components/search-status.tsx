import { Group, Text } from '@mantine/core';
import { WarningIcon } from '../../../components/status-icons.js';
import type { CustomerSearchResult } from '../../../../src-shared/ipc/directory.js';
import { useT } from '../../../i18n/use-t.js';
import { customerSearchMinLength } from '../queries.js';

interface SearchStatusProps {
  typedLength: number;
  query: string;
  pending: boolean;
  failed: boolean;
  result: CustomerSearchResult | undefined;
}

/** One polite live line under the search field; it always takes its height, so nothing jumps. */
export function SearchStatus({ typedLength, query, pending, failed, result }: SearchStatusProps) {
  const t = useT();
  let line: string | null = null;
  let truncated: string | null = null;
  if (typedLength > 0 && typedLength < customerSearchMinLength) line = t('customers.type-more', customerSearchMinLength);
  else if (failed) line = null;
  else if (pending) line = t('customers.searching');
  else if (result) {
    line = result.customers.length === 0 ? t('customers.none', query) : t('customers.count', result.customers.length);
    if (result.truncated) truncated = t('customers.truncated', result.customers.length);
  }
  return (
    <div role="status" className="search-status">
      {line !== null && <Text size="sm">{line}</Text>}
      {truncated !== null && (
        <Group gap={6} className="note-warning" wrap="nowrap">
          <WarningIcon />
          <Text size="sm" fw={600} span>
            {truncated}
          </Text>
        </Group>
      )}
    </div>
  );
}
