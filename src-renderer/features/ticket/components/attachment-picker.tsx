import { Alert, Button, FileButton, Group } from '@mantine/core';
import { useRef, useState } from 'react';
import { limits } from '../../../../src-shared/limits.js';
import { formatCount } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { attachmentsTotalMaxBytes, chooseFiles, type ChosenFile, type FileRefusal } from '../../attachments/choose-files.js';

function problemText(t: Translate, count: (value: number) => string, problem: FileRefusal): string {
  switch (problem.problem) {
    case 'too-large':
      // Exact bytes: a file just over the limit would read "10 MB" against "10 MB" when rounded.
      return t('actions.attachment.too-large', problem.filename, count(problem.size), count(limits.attachmentMaxBytes), t('article.attachment.size', limits.attachmentMaxBytes));
    case 'too-many':
      return t('actions.attachment.too-many', problem.filename, limits.attachmentsPerArticle);
    case 'empty':
      return t('actions.attachment.empty', problem.filename);
    case 'total-too-large':
      return t('actions.attachment.too-much-in-all', problem.filename, t('article.attachment.size', attachmentsTotalMaxBytes));
    case 'name-too-long':
      return t('actions.attachment.name-too-long', problem.filename, limits.attachmentFilenameMaxLength);
    case 'unreadable':
      return t('actions.attachment.unreadable', problem.filename);
  }
}

/** Files for a note: chosen by a keyboard-reachable button, each shown with name and size and removable; checked against the limits when chosen. */
export function AttachmentPicker({ chosen, onChange }: { chosen: readonly ChosenFile[]; onChange: (next: ChosenFile[]) => void }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const [problems, setProblems] = useState<FileRefusal[]>([]);
  const [reading, setReading] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const choose = async (files: File[]) => {
    setReading(true);
    try {
      const { taken, refused } = await chooseFiles(files, chosen);
      setProblems(refused);
      if (taken.length > 0) onChange([...chosen, ...taken]);
    } finally {
      setReading(false);
      // Back from the file dialog, the keyboard goes on where it was.
      button.current?.focus();
    }
  };
  return (
    <div className="attachment-picker">
      <Group gap="xs" align="center">
        <FileButton multiple onChange={(files) => void choose(files)}>
          {(props) => (
            <Button {...props} ref={button} size="xs" variant="default" aria-busy={reading || undefined}>
              {t('actions.attachment.add')}
            </Button>
          )}
        </FileButton>
        <span className="attachment-picker-note">{t('actions.attachment.limits', limits.attachmentsPerArticle, t('article.attachment.size', limits.attachmentMaxBytes))}</span>
      </Group>
      {problems.length > 0 && (
        <Alert role="alert" color="red" variant="light" className="attachment-problems" title={t('actions.attachment.not-added')}>
          <ul>
            {problems.map((problem) => (
              <li key={`${problem.problem}:${problem.filename}`}>{problemText(t, (value) => formatCount(language, value), problem)}</li>
            ))}
          </ul>
        </Alert>
      )}
      {chosen.length > 0 && (
        <ul className="chosen-attachments" aria-label={t('article.attachments', chosen.length)}>
          {chosen.map(({ upload, size }) => (
            <li key={upload.id} className="chosen-attachment">
              <span className="attachment-name">{upload.filename}</span>
              <span className="attachment-size">{t('article.attachment.size', size)}</span>
              <Button size="compact-xs" variant="subtle" onClick={() => onChange(chosen.filter((other) => other.upload.id !== upload.id))}>
                {t('actions.attachment.remove', upload.filename)}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
