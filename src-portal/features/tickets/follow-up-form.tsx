import { Alert, Button, Stack, Textarea, Title } from '@mantine/core';
import { useState, type SubmitEvent } from 'react';
import { limits } from '../../../src-shared/limits.js';
import { filesProblem, toUpload } from '../../api/files.js';
import { useFollowUp } from '../../api/queries.js';
import { newRequestId } from '../../api/request-id.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useT } from '../../i18n/use-t.js';
import { AttachmentInput } from './attachment-input.js';

/** A follow-up; on a closed ticket it says that sending it reopens the ticket. The text stays until it is sent. */
export function FollowUpForm({ ticketId, reopens }: { ticketId: string; reopens: boolean }) {
  const t = useT();
  const followUp = useFollowUp(ticketId);
  const [requestId, setRequestId] = useState(newRequestId);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [touched, setTouched] = useState(false);
  const [sent, setSent] = useState(false);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    setSent(false);
    if (body.trim() === '' || filesProblem(files) !== null) return;
    const attachments = await Promise.all(files.map(toUpload));
    followUp.mutate(
      { requestId, body, attachments },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
          setTouched(false);
          setSent(true);
          setRequestId(newRequestId());
        },
      },
    );
  };

  return (
    <form className="portal-follow-up" onSubmit={(event) => void submit(event)} aria-labelledby="follow-up-heading" noValidate>
      <Stack gap="sm">
        <Title order={2} size="h4" id="follow-up-heading">
          {t.followUp.heading}
        </Title>
        {reopens && <p className="portal-note">{t.followUp.reopens}</p>}
        {followUp.error !== null && <ErrorAlert error={followUp.error} />}
        {sent && (
          <Alert color="green" role="status">
            {t.followUp.sent}
          </Alert>
        )}
        <Textarea
          label={t.followUp.body}
          required
          autosize
          minRows={4}
          maxLength={limits.articleBodyMaxLength}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          error={touched && body.trim() === '' ? t.fieldRequired : undefined}
        />
        <AttachmentInput files={files} onChange={setFiles} />
        <Button type="submit" loading={followUp.isPending}>
          {t.followUp.submit}
        </Button>
      </Stack>
    </form>
  );
}
