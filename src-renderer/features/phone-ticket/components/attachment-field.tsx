import { Button, CloseButton, FileButton } from '@mantine/core';
import { useId, useRef, useState } from 'react';
import { limits } from '../../../../src-shared/limits.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { chooseFiles, type ChosenFile, type FileRefusal } from '../../attachments/choose-files.js';
import { megabytes } from '../sizes.js';

function refusalText(t: Translate, refusal: FileRefusal): string {
  switch (refusal.problem) {
    case 'too-many':
      return t('phone.files.too-many', refusal.filename, refusal.max);
    case 'too-large':
      return t('phone.files.too-large', refusal.filename, megabytes(refusal.max));
    case 'name-too-long':
      return t('phone.files.name-too-long', refusal.filename, refusal.max);
    case 'empty':
      return t('phone.files.empty', refusal.filename);
    case 'total-too-large':
      return t('phone.files.total-too-large', refusal.filename, megabytes(refusal.max));
    case 'unreadable':
      return t('phone.files.unreadable', refusal.filename);
  }
}

interface AttachmentFieldProps {
  files: readonly ChosenFile[];
  onChange: (files: ChosenFile[]) => void;
}

/** Files for the call notes, checked against the limits when chosen; a refused file is named with the reason, the others are kept. */
export function AttachmentField({ files, onChange }: AttachmentFieldProps) {
  const t = useT();
  const labelId = useId();
  const hintId = useId();
  const reset = useRef<() => void>(null);
  const errorId = useId();
  const [refused, setRefused] = useState<FileRefusal[]>([]);
  const [reading, setReading] = useState(false);

  async function onChoose(chosen: File[]): Promise<void> {
    // The same file can be chosen again after it was removed.
    reset.current?.();
    if (chosen.length === 0) return;
    setReading(true);
    const { taken, refused: refusedNow } = await chooseFiles(chosen, files);
    setReading(false);
    setRefused(refusedNow);
    if (taken.length > 0) onChange([...files, ...taken]);
  }

  return (
    <div className="phone-files" role="group" aria-labelledby={labelId}>
      <p id={labelId} className="phone-files-label">
        {t('phone.files.label')}
      </p>
      <p id={hintId} className="phone-files-hint">
        {t('phone.files.hint', limits.attachmentsPerArticle, megabytes(limits.attachmentMaxBytes))}
      </p>
      {/* Our own button, in the agent's language; the browser's file input would speak the browser's. */}
      <FileButton multiple resetRef={reset} onChange={(chosen) => void onChoose(chosen)} inputProps={{ 'aria-hidden': true, tabIndex: -1 }}>
        {(props) => (
          <Button {...props} variant="default" size="xs" aria-describedby={refused.length > 0 ? `${hintId} ${errorId}` : hintId} data-choose-files>
            {t('phone.files.choose')}
          </Button>
        )}
      </FileButton>
      {reading && <p className="phone-files-hint" role="status">{t('phone.files.reading')}</p>}
      {refused.length > 0 && (
        <ul id={errorId} className="plain-list phone-files-refused" role="alert">
          {refused.map((refusal) => (
            <li key={`${refusal.problem}-${refusal.filename}`}>{refusalText(t, refusal)}</li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="plain-list phone-files-list" aria-label={t('phone.files.chosen')}>
          {files.map((file) => (
            <li key={file.upload.id} className="phone-file">
              <span className="phone-file-name">{file.upload.filename}</span>
              <span className="phone-file-size">{t('phone.file-size', megabytes(file.size))}</span>
              <CloseButton
                size="sm"
                aria-label={t('phone.files.remove', file.upload.filename)}
                onClick={() => {
                  setRefused([]);
                  onChange(files.filter((other) => other.upload.id !== file.upload.id));
                }}
              />
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && <p className="phone-files-hint">{t('phone.files.not-in-draft')}</p>}
    </div>
  );
}
