import { Button, Group, NumberInput, Radio, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { DraftFields } from '../../../../src-shared/ipc/drafts.js';
import { limits } from '../../../../src-shared/limits.js';
import { emailAddressSchema } from '../../../../src-shared/sync/mutations.js';
import { formatCount } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import { useDraft, type DraftHandle, type DraftStatus } from '../../drafts/use-draft.js';
import type { ChosenFile } from '../../attachments/choose-files.js';
import { ActionForm } from './action-form.js';
import { AttachmentPicker } from './attachment-picker.js';

type Visibility = 'internal' | 'customer-visible';

/** What a note's draft keeps: the text as typed. Attachments are not part of it. */
// A type, not an interface: it must fit `DraftFields`' index signature.
type NoteDraft = {
  visibility: Visibility;
  subject: string;
  body: string;
  /** As typed: a half-typed number is kept too. */
  timeUnits: string;
  /** A reply's way to the customer: in the ticket (the portal shows it, a notification mail tells of it), or as an e-mail. */
  channel: ReplyChannel;
  /** The e-mail's addresses as typed (comma-separated); null: not touched yet, the customer's address. */
  to: string | null;
  cc: string;
};

type ReplyChannel = 'note' | 'email';

/** A restored draft, if it has the fields this form writes (an older form may have saved others; they lack the e-mail's). */
function acceptNoteDraft(fields: DraftFields): NoteDraft | null {
  const { visibility, subject, body, timeUnits, channel, to, cc } = fields;
  if ((visibility !== 'internal' && visibility !== 'customer-visible') || typeof subject !== 'string' || typeof body !== 'string') return null;
  return {
    visibility,
    subject,
    body,
    timeUnits: typeof timeUnits === 'string' ? timeUnits : typeof timeUnits === 'number' ? String(timeUnits) : '',
    channel: channel === 'email' ? 'email' : 'note',
    to: typeof to === 'string' ? to : null,
    cc: typeof cc === 'string' ? cc : '',
  };
}

/** Addresses as typed: separated by commas, semicolons or spaces. */
function addressList(typed: string): string[] {
  return typed.split(/[,;\s]+/u).filter((address) => address !== '');
}

/** What is wrong with an e-mail's addresses, in the form's words; null when they can be sent to. */
function recipientsProblem(to: readonly string[], cc: readonly string[], t: ReturnType<typeof useT>): { to?: string; cc?: string } | null {
  const invalid = (addresses: readonly string[]) => addresses.filter((address) => !emailAddressSchema.safeParse(address).success);
  const problems: { to?: string; cc?: string } = {};
  const badTo = invalid(to);
  const badCc = invalid(cc);
  if (to.length === 0) problems.to = t('actions.reply.no-recipient');
  else if (badTo.length > 0) problems.to = t('actions.reply.bad-address', badTo.join(', '));
  if (badCc.length > 0) problems.cc = t('actions.reply.bad-address', badCc.join(', '));
  if (problems.to === undefined && problems.cc === undefined && to.length + cc.length > limits.emailRecipientsPerArticle) problems.cc = t('actions.reply.too-many', String(limits.emailRecipientsPerArticle));
  return problems.to === undefined && problems.cc === undefined ? null : problems;
}

export interface NoteFormProps {
  ticketId: string;
  /** How the form was opened: `i` (internal) or `r` (reply); it wins over a restored draft's visibility. */
  visibility: Visibility;
  /** Whether a customer-visible note is possible; its explanation otherwise. */
  replyBlocked: string | null;
  /** The ticket's customer's e-mail address: where an e-mail reply goes unless the agent changes it. */
  customerEmail: string | null;
  onSubmit: (article: {
    visibility: Visibility;
    subject: string;
    body: string;
    timeUnits: number;
    attachments: ChosenFile[];
    /** Only for a reply by e-mail. */
    email: { to: string[]; cc: string[] } | null;
  }) => Promise<boolean>;
  onClose: () => void;
  busy: boolean;
  error: unknown;
}

/** Internal note or reply to the customer (a customer-visible note), kept as a draft while typed. */
export function NoteForm(props: NoteFormProps) {
  const t = useT();
  const draft = useDraft(`note:${props.ticketId}`, acceptNoteDraft);
  if (draft.status === 'loading') return <p role="status" className="action-form">{t('actions.draft.loading')}</p>;
  return <NoteEditor {...props} draft={draft} />;
}

function draftStatusText(status: DraftStatus, t: ReturnType<typeof useT>): string | null {
  if (status === 'saving') return t('actions.draft.saving');
  if (status === 'saved') return t('actions.draft.saved');
  if (status === 'not-saved') return t('actions.draft.not-saved');
  return null;
}

function NoteEditor({ visibility: opened, replyBlocked, customerEmail, onSubmit, onClose, busy, error, draft }: NoteFormProps & { draft: DraftHandle<NoteDraft> }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const restored = draft.restored;
  const [fields, setFields] = useState<NoteDraft>(() => {
    // The key or button that opened the form says internal or reply; a restored draft brings its text.
    const start = restored ?? { visibility: opened, subject: '', body: '', timeUnits: '', channel: 'note', to: null, cc: '' };
    return { ...start, visibility: replyBlocked !== null ? 'internal' : opened };
  });
  const [attachments, setAttachments] = useState<ChosenFile[]>([]);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const change = (next: Partial<NoteDraft>) => {
    const merged = { ...fields, ...next };
    setFields(merged);
    draft.update(merged);
  };
  const count = (value: number) => formatCount(language, value);
  const subjectOver = fields.subject.length - limits.articleSubjectMaxLength;
  const bodyOver = fields.body.length - limits.articleBodyMaxLength;
  const minutes = fields.timeUnits.trim() === '' ? 0 : Number(fields.timeUnits);
  const minutesBad = !Number.isInteger(minutes) || minutes < 0 || minutes > limits.timeEntryMaxMinutes;
  const empty = fields.body.trim() === '';
  const reply = fields.visibility === 'customer-visible';
  const byEmail = reply && fields.channel === 'email';
  const to = addressList(fields.to ?? customerEmail ?? '');
  const cc = addressList(fields.cc);
  const addressProblems = byEmail ? recipientsProblem(to, cc, t) : null;
  const canSubmit = subjectOver <= 0 && bodyOver <= 0 && !minutesBad && !empty && !(reply && replyBlocked !== null) && addressProblems === null;
  const [tried, setTried] = useState(false);
  const submit = async () => {
    const sent = await onSubmit({ visibility: fields.visibility, subject: fields.subject, body: fields.body, timeUnits: minutes, attachments, email: byEmail ? { to, cc } : null });
    if (sent) await draft.discard();
  };
  const discard = async () => {
    await draft.discard();
    onClose();
  };
  const status = draftStatusText(draft.status, t);
  return (
    <ActionForm
      kind="note"
      title={reply ? t('actions.reply.title') : t('actions.note.title')}
      submitLabel={reply ? t('actions.reply.submit') : t('actions.note.submit')}
      onSubmit={() => void submit()}
      onClose={onClose}
      canSubmit={canSubmit}
      busy={busy}
      error={error}
      onInvalid={() => setTried(true)}
      status={status === null ? undefined : <span role="status">{status}</span>}
      extra={
        // Nothing to throw away until there is a draft.
        draft.status === 'empty' ? undefined : confirmDiscard ? (
          <Group gap={4} role="group" aria-label={t('actions.draft.confirm')} className="discard-confirm">
            <Text size="xs">{t('actions.draft.confirm')}</Text>
            <Button size="xs" color="red" onClick={() => void discard()} autoFocus>
              {t('actions.draft.confirm-yes')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setConfirmDiscard(false)}>
              {t('actions.draft.confirm-no')}
            </Button>
          </Group>
        ) : (
          <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmDiscard(true)}>
            {t('actions.draft.discard')}
          </Button>
        )
      }
    >
      {restored !== null && <p className="draft-restored">{t('actions.draft.restored')}</p>}
      <Radio.Group label={t('actions.note.visibility')} value={fields.visibility} onChange={(value) => change({ visibility: value === 'customer-visible' ? 'customer-visible' : 'internal' })}>
        <Group gap="md" mt={4}>
          <Radio value="internal" label={t('actions.note.internal')} />
          <Radio value="customer-visible" label={t('actions.note.customer-visible')} disabled={replyBlocked !== null} />
        </Group>
        {replyBlocked !== null && <p className="action-why">{replyBlocked}</p>}
      </Radio.Group>
      {reply && (
        <Radio.Group label={t('actions.reply.channel')} value={fields.channel} onChange={(value) => change({ channel: value === 'email' ? 'email' : 'note' })} mt="xs">
          <Group gap="md" mt={4}>
            <Radio value="note" label={t('actions.reply.channel.note')} />
            <Radio value="email" label={t('actions.reply.channel.email')} />
          </Group>
        </Radio.Group>
      )}
      {byEmail && (
        <>
          <TextInput
            label={t('actions.reply.to')}
            value={fields.to ?? customerEmail ?? ''}
            onChange={(event) => change({ to: event.currentTarget.value })}
            description={t('actions.reply.addresses-hint')}
            error={addressProblems?.to}
            type="text"
            inputMode="email"
            autoComplete="off"
            mt="xs"
          />
          <TextInput
            label={t('actions.reply.cc')}
            value={fields.cc}
            onChange={(event) => change({ cc: event.currentTarget.value })}
            error={addressProblems?.cc}
            type="text"
            inputMode="email"
            autoComplete="off"
            mt="xs"
          />
          <p className="action-why">{t('actions.reply.email-hint')}</p>
        </>
      )}
      <TextInput
        label={t('actions.note.subject')}
        value={fields.subject}
        onChange={(event) => change({ subject: event.currentTarget.value })}
        description={t('actions.counter', count(fields.subject.length), count(limits.articleSubjectMaxLength))}
        error={subjectOver > 0 ? t('actions.too-long', count(subjectOver), count(limits.articleSubjectMaxLength)) : undefined}
        mt="xs"
      />
      <Textarea
        label={t('actions.note.body')}
        value={fields.body}
        onChange={(event) => change({ body: event.currentTarget.value })}
        description={t('actions.counter', count(fields.body.length), count(limits.articleBodyMaxLength))}
        error={bodyOver > 0 ? t('actions.too-long', count(bodyOver), count(limits.articleBodyMaxLength)) : tried && empty ? t('actions.note.empty') : undefined}
        autosize
        minRows={5}
        maxRows={16}
        required
        mt="xs"
        data-autofocus
      />
      <NumberInput
        label={t('actions.note.time')}
        value={fields.timeUnits}
        onChange={(value) => change({ timeUnits: String(value) })}
        min={0}
        max={limits.timeEntryMaxMinutes}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        error={minutesBad ? t('actions.minutes-range', count(limits.timeEntryMaxMinutes)) : undefined}
        w={200}
        mt="xs"
      />
      <AttachmentPicker chosen={attachments} onChange={setAttachments} />
    </ActionForm>
  );
}
