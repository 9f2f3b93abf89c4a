import { Button, NativeSelect, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type SubmitEvent } from 'react';
import { useLocation } from 'wouter';
import { limits } from '../../../src-shared/limits.js';
import type { PortalMe } from '../../../src-shared/portal/api.js';
import { ticketTypes, type TicketType } from '../../../src-shared/sync/entities.js';
import { filesProblem, toUpload } from '../../api/files.js';
import { useCreateTicket } from '../../api/queries.js';
import { newRequestId } from '../../api/request-id.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useT } from '../../i18n/use-t.js';
import { AttachmentInput } from './attachment-input.js';

/** A new request in a queue the bank opens to customers. Nothing typed is lost when sending fails. */
export function NewTicketPage({ me }: { me: PortalMe }) {
  const t = useT();
  const [, navigate] = useLocation();
  const create = useCreateTicket();
  const [requestId] = useState(newRequestId);
  const [queueId, setQueueId] = useState(me.queues[0]?.id ?? '');
  const [type, setType] = useState<TicketType>('service-request');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [touched, setTouched] = useState(false);

  if (me.queues.length === 0) return <p className="portal-card">{t.create.noQueues}</p>;

  const missing = (value: string) => (touched && value.trim() === '' ? t.fieldRequired : undefined);
  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTouched(true);
    if (title.trim() === '' || body.trim() === '' || filesProblem(files) !== null) return;
    const attachments = await Promise.all(files.map(toUpload));
    create.mutate({ requestId, queueId, type, title, body, attachments }, { onSuccess: (written) => navigate(`/tickets/${written.ticketId}`) });
  };

  return (
    <form className="portal-card" onSubmit={(event) => void submit(event)} aria-labelledby="new-heading" noValidate>
      <Stack gap="sm">
        <Title order={1} size="h3" id="new-heading">
          {t.create.heading}
        </Title>
        {create.error !== null && <ErrorAlert error={create.error} />}
        <NativeSelect label={t.create.queue} value={queueId} onChange={(event) => setQueueId(event.currentTarget.value)} data={me.queues.map((queue) => ({ value: queue.id, label: queue.name }))} />
        <NativeSelect
          label={t.create.type}
          value={type}
          onChange={(event) => setType(event.currentTarget.value as TicketType)}
          data={ticketTypes.map((entry) => ({ value: entry, label: t.types[entry] }))}
        />
        <TextInput label={t.create.title} required maxLength={limits.ticketTitleMaxLength} value={title} onChange={(event) => setTitle(event.currentTarget.value)} error={missing(title)} />
        <Textarea label={t.create.body} required autosize minRows={6} maxLength={limits.articleBodyMaxLength} value={body} onChange={(event) => setBody(event.currentTarget.value)} error={missing(body)} />
        <AttachmentInput files={files} onChange={setFiles} />
        <Button type="submit" loading={create.isPending}>
          {t.create.submit}
        </Button>
      </Stack>
    </form>
  );
}
