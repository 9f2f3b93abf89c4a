import { Button } from '@mantine/core';
import type { AttachmentMeta } from '../../../../src-shared/sync/entities.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { useT } from '../../../i18n/use-t.js';
import { useFetchAttachment, useSaveAttachment } from '../mutations.js';

/** File types the operating system would run rather than show: flagged, and never opened by the Desk. */
const executableExtensions = new Set([
  'exe', 'com', 'bat', 'cmd', 'msi', 'msp', 'scr', 'pif', 'cpl', 'dll', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh',
  'hta', 'jar', 'lnk', 'reg', 'msc', 'sh', 'bash', 'app', 'dmg', 'pkg', 'deb', 'rpm', 'apk', 'html', 'htm', 'svg', 'xhtml', 'iso', 'docm', 'xlsm', 'pptm',
]);
const executableTypes = /x-msdownload|x-msdos-program|x-executable|x-sh|x-bat|javascript|x-ms-installer|java-archive|html|svg/iu;

export function isExecutable(attachment: AttachmentMeta): boolean {
  const extension = attachment.filename.toLowerCase().split('.').pop() ?? '';
  return executableExtensions.has(extension) || executableTypes.test(attachment.contentType);
}

/** A small action of one attachment, named with the file it acts on. */
function RowButton({ busy, onClick, label, text }: { busy: boolean; onClick: () => void; label: string; text: string }) {
  return (
    <Button variant="default" size="compact-xs" loading={busy} onClick={onClick} aria-label={label}>
      {text}
    </Button>
  );
}

function AttachmentRow({ articleId, attachment, waiting }: { articleId: string; attachment: AttachmentMeta; waiting: boolean }) {
  const t = useT();
  const fetch = useFetchAttachment();
  const save = useSaveAttachment();
  const executable = isExecutable(attachment);
  if (waiting) {
    // Still in the outbox: the file is on this computer, the server does not have it yet.
    return (
      <li className="attachment" data-attachment-id={attachment.id}>
        <span className="attachment-name">{attachment.filename}</span>
        <span className="attachment-size">{t('article.attachment.size', attachment.size)}</span>
      </li>
    );
  }
  return (
    <li className="attachment" data-attachment-id={attachment.id}>
      <span className="attachment-name">{attachment.filename}</span>
      <span className="attachment-size">{t('article.attachment.size', attachment.size)}</span>
      {executable && <span className="attachment-executable">{t('article.attachment.executable')}</span>}
      {fetch.isSuccess ? (
        <span className="attachment-fetched" role="status">
          {fetch.data.cached ? t('article.attachment.was-cached') : t('article.attachment.fetched')}
        </span>
      ) : (
        <RowButton busy={fetch.isPending} onClick={() => fetch.mutate({ articleId, attachmentId: attachment.id })} label={t('article.attachment.fetch', attachment.filename)} text={t('article.attachment.fetch-short')} />
      )}
      <RowButton busy={save.isPending} onClick={() => save.mutate({ articleId, attachmentId: attachment.id })} label={t('article.attachment.save', attachment.filename)} text={t('article.attachment.save-short')} />
      {save.data !== undefined && save.data.outcome !== 'cancelled' && (
        <span className="attachment-fetched" role="status">
          {save.data.outcome === 'saved' ? t('article.attachment.saved', save.data.path) : t('article.attachment.download-started', save.data.filename)}
        </span>
      )}
      {fetch.isError && <ReasonAlert title={t('article.attachment.fetch-failed')} error={fetch.error} />}
      {save.isError && <ReasonAlert title={t('article.attachment.save-failed')} error={save.error} />}
    </li>
  );
}

/**
 * Attachments with name and size, by name. "Download" puts the content into the Desk's attachment cache
 * (`attachments.fetch`, for reading offline later); "Save …" puts a copy where the agent chooses
 * (`attachments.save`). Nothing is ever opened from here, executable or not.
 */
export function AttachmentList({ articleId, attachments, labelId, waiting = false }: { articleId: string; attachments: readonly AttachmentMeta[]; labelId: string; waiting?: boolean }) {
  const t = useT();
  return (
    <div className="attachments">
      <p id={labelId} className="attachments-title">
        {t('article.attachments', attachments.length)}
      </p>
      <ul aria-labelledby={labelId} className="attachment-list">
        {[...attachments].sort((a, b) => a.filename.localeCompare(b.filename)).map((attachment) => (
          <AttachmentRow key={attachment.id} articleId={articleId} attachment={attachment} waiting={waiting} />
        ))}
      </ul>
    </div>
  );
}
