import { Text } from '@mantine/core';
import type { AttachmentSaveResult } from '../../../../src-shared/ipc/cache.js';
import type { Translate } from '../../../i18n/use-t.js';

/** Where a saved file went, in words: the path (Electron), the browser's download, or nothing (cancelled). */
export function saveOutcomeText(t: Translate, result: AttachmentSaveResult): string {
  switch (result.outcome) {
    case 'saved':
      return t('reports.action.saved-to', result.path);
    case 'download':
      return t('reports.action.download-started', result.filename);
    case 'cancelled':
      return t('reports.action.cancelled');
  }
}

export function SaveOutcome({ t, result }: { t: Translate; result: AttachmentSaveResult }) {
  return (
    <Text size="sm" role="status" className="report-outcome" data-outcome={result.outcome}>
      {saveOutcomeText(t, result)}
    </Text>
  );
}
