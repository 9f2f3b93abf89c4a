import { FileInput } from '@mantine/core';
import { limits } from '../../../src-shared/limits.js';
import { portalAttachmentsMax, portalAttachmentsTotalMaxBytes } from '../../../src-shared/portal/api.js';
import { filesProblem } from '../../api/files.js';
import { useT } from '../../i18n/use-t.js';

/** Files to send along, checked against the shared limits as they are chosen. */
export function AttachmentInput({ files, onChange }: { files: File[]; onChange: (files: File[]) => void }) {
  const t = useT();
  const problem = filesProblem(files);
  return (
    <FileInput
      label={t.attachments.label}
      description={t.attachments.hint(Math.floor(portalAttachmentsTotalMaxBytes / (1024 * 1024)), portalAttachmentsMax)}
      multiple
      clearable
      value={files}
      onChange={onChange}
      error={problem === null ? undefined : t.attachments[problem]}
      data-max-file-bytes={limits.attachmentMaxBytes}
    />
  );
}
