import { Alert, Button, Group, Radio, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { limits } from '../../../../src-shared/limits.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { formatCount } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import { useQueueChoices } from '../../queues/queries.js';
import { useSyncStatus } from '../../sync/queries.js';
import { navigate } from '../../workspace/hash-location.js';
import { ticketPath } from '../../workspace/routes.js';
import type { ChosenFile } from '../../attachments/choose-files.js';
import { useAddCallToTicket, useCreatePhoneTicket } from '../mutations.js';
import { creatableQueues, formProblems, type FieldName, type FieldProblem, type Visibility } from '../phone-form.js';
import { useDuplicateCandidates, useInstitutionTickets, usePhoneTicketRefresh } from '../queries.js';
import { usePhoneForm } from '../use-phone-form.js';
import { AttachmentField } from './attachment-field.js';
import { CallerSection } from './caller-section.js';
import { DiscardDialog } from './discard-dialog.js';
import { DuplicateHint } from './duplicate-hint.js';
import { InstitutionTickets } from './institution-tickets.js';
import { TicketChoices } from './ticket-choices.js';
import { useProblemText } from './problem-text.js';
import '../phone-ticket.css';

/** Typing pauses this long before the title is looked for among the institution's tickets. */
const duplicateDebounceMs = 300;
const fieldOrder: FieldName[] = ['caller', 'title', 'queue', 'notes'];


/** The first-level agent's main flow (`#/new/phone`, key `n`): who called, what about, where it goes; saved through the outbox. */
export function PhoneTicketScreen() {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const headingId = useId();
  const ids = { caller: useId(), title: useId(), notes: useId() };
  const { form, change, clear, draftStatus, restored } = usePhoneForm();
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [tried, setTried] = useState(false);
  const [discardOpened, setDiscardOpened] = useState(false);
  const refs = {
    caller: useRef<HTMLInputElement>(null),
    callerChange: useRef<HTMLButtonElement>(null),
    title: useRef<HTMLInputElement>(null),
    queue: useRef<HTMLInputElement>(null),
    notes: useRef<HTMLTextAreaElement>(null),
  };
  // Where the focus goes once the change that asked for it is on screen: before the next key
  // arrives, so that nothing the agent goes on typing lands elsewhere.
  const focusNext = useRef<'title' | 'caller' | null>(null);
  useLayoutEffect(() => {
    const target = focusNext.current;
    const field = target === 'title' ? refs.title.current : target === 'caller' ? refs.caller.current : null;
    // Kept until the field is there (after a discard, the caller field returns once the draft is gone).
    if (field === null) return;
    focusNext.current = null;
    field.focus();
  });
  usePhoneTicketRefresh();
  const choices = useQueueChoices();
  const sync = useSyncStatus();
  const queues = creatableQueues(choices.data?.queues ?? [], language);
  const queueIds = new Set(queues.map((queue) => queue.queueId));
  const problems = formProblems(form, queueIds, tried ? 'saving' : 'typing');
  const problemText = useProblemText();
  const [title] = useDebouncedValue(form.title, duplicateDebounceMs);
  const institutionId = form.caller.kind === 'caller' ? (form.caller.caller.institution?.id ?? null) : null;
  const institutionTickets = useInstitutionTickets(institutionId);
  const duplicates = useDuplicateCandidates(institutionId === null ? '' : title, institutionId === null ? undefined : institutionTickets.data?.rows);
  const create = useCreatePhoneTicket();
  const addCall = useAddCallToTicket();
  const busy = create.isPending || addCall.isPending;

  useEffect(() => {
    document.title = `${t('phone.title')} – ${t('app.name')}`;
  }, [t]);
  // The agent starts with the caller.
  useEffect(() => {
    refs.caller.current?.focus();
    // Once, when the screen opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const problemOf = (field: FieldName): FieldProblem | undefined => problems.find((problem) => problem.field === field);
  const errorOf = (field: FieldName): string | null => {
    const problem = problemOf(field);
    return problem === undefined ? null : problemText(problem);
  };

  function focusField(field: FieldName): void {
    if (field === 'caller') (refs.caller.current ?? refs.callerChange.current)?.focus();
    else refs[field].current?.focus();
  }

  async function submit(): Promise<void> {
    if (busy) return;
    setTried(true);
    const missing = formProblems(form, queueIds, 'saving');
    const first = fieldOrder.find((field) => missing.some((problem) => problem.field === field));
    if (first !== undefined) {
      focusField(first);
      return;
    }
    const { ticketId } = await create.mutateAsync({ form, attachments: files.map((file) => file.upload) });
    // The zoom shows it from the outbox ("Nummer folgt") until the server has numbered it.
    await clear();
    navigate(ticketPath(ticketId));
  }

  async function addCallTo(ticketId: string): Promise<void> {
    if (busy) return;
    if (form.notes.trim() === '' || form.notes.length > limits.articleBodyMaxLength) {
      setTried(true);
      refs.notes.current?.focus();
      return;
    }
    await addCall.mutateAsync({ form, attachments: files.map((file) => file.upload), ticketId, fallbackSubject: t('phone.call-subject') });
    await clear();
    navigate(ticketPath(ticketId));
  }

  function onFormKeyDown(event: KeyboardEvent<HTMLFormElement>): void {
    if (event.key !== 'Enter') return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      void submit().catch(() => undefined);
    } else if (event.target instanceof HTMLInputElement) {
      // Enter in a field (taking a caller or a queue, or by habit after the title) never saves
      // the ticket half typed: the button and Ctrl+Enter do.
      event.preventDefault();
    }
  }

  const offline = sync.data?.state === 'offline' || sync.data?.state === 'signed-out';
  const noQueues = choices.isSuccess && queues.length === 0;
  const titleError = errorOf('title');
  const notesError = errorOf('notes');
  const failure = create.error ?? addCall.error;

  return (
    <section className="phone-screen" aria-labelledby={headingId} data-phone-ticket>
      <div className="phone-screen-bar">
        <Title order={2} id={headingId} className="phone-screen-title">
          {t('phone.title')}
        </Title>
        <span className="phone-draft-status" data-draft-status={draftStatus}>
          {restored && draftStatus === 'restored' ? t('phone.draft.restored') : t(`phone.draft.${draftStatus}`)}
        </span>
        <Button size="compact-sm" variant="subtle" color="red" className="phone-discard-button" onClick={() => setDiscardOpened(true)} disabled={busy}>
          {t('phone.discard')}
        </Button>
      </div>
      {offline && (
        <Alert color="yellow" variant="light" className="phone-offline" title={t('phone.offline.title')}>
          {t('phone.offline.text')}
        </Alert>
      )}
      <div className="phone-columns">
        <form
          className="phone-form"
          aria-labelledby={headingId}
          noValidate
          onKeyDown={onFormKeyDown}
          onSubmit={(event) => {
            event.preventDefault();
            void submit().catch(() => undefined);
          }}
        >
          <CallerSection
            caller={form.caller}
            error={errorOf('caller')}
            errorId={ids.caller}
            fieldRef={refs.caller}
            changeRef={refs.callerChange}
            onChoose={(caller) => {
              // An internal ticket has nobody to show the notes to.
              change(caller.kind === 'internal' ? { caller, visibility: 'internal' } : { caller });
              focusNext.current = caller.kind === 'none' ? 'caller' : 'title';
            }}
          />

          <TextInput
            ref={refs.title}
            label={t('phone.field.title')}
            required
            value={form.title}
            onChange={(event) => change({ title: event.currentTarget.value })}
            description={t('phone.counter', formatCount(language, form.title.trim().length), formatCount(language, limits.ticketTitleMaxLength))}
            error={titleError === null ? undefined : <span id={ids.title}>{titleError}</span>}
            aria-invalid={titleError !== null}
            autoComplete="off"
            data-field="title"
          />
          <DuplicateHint candidates={duplicates} queues={choices.data?.queues ?? []} visibility={form.visibility} busy={busy} onAddCall={(ticketId) => void addCallTo(ticketId).catch(() => undefined)} />

          <TicketChoices form={form} queues={queues} loading={choices.isPending} queueError={errorOf('queue')} queueRef={refs.queue} onChange={change} />

          <Textarea
            ref={refs.notes}
            label={t('phone.field.notes')}
            required
            autosize
            minRows={4}
            maxRows={14}
            value={form.notes}
            onChange={(event) => change({ notes: event.currentTarget.value })}
            description={t('phone.counter', formatCount(language, form.notes.length), formatCount(language, limits.articleBodyMaxLength))}
            error={notesError === null ? undefined : <span id={ids.notes}>{notesError}</span>}
            aria-invalid={notesError !== null}
            data-field="notes"
          />
          <div className="phone-extras">
            <Radio.Group
              label={t('phone.field.visibility')}
              value={form.visibility}
              onChange={(value) => change({ visibility: value === 'customer-visible' ? 'customer-visible' : ('internal' satisfies Visibility) })}
            >
              <Group gap="xs" mt={4} className="phone-visibility">
                <Radio value="internal" label={t('phone.visibility.internal')} />
                <Radio value="customer-visible" label={t('phone.visibility.customer-visible')} disabled={form.caller.kind === 'internal'} />
              </Group>
            </Radio.Group>
            <AttachmentField files={files} onChange={setFiles} />
          </div>

          {failure !== null && <ReasonAlert title={t('phone.save-failed')} error={failure} />}
          {tried && problems.length > 0 && (
            <p className="phone-problems" role="alert">
              {t('phone.problems', problems.length)}
            </p>
          )}
          <Group gap="sm" className="phone-actions">
            <Button type="submit" loading={create.isPending} disabled={noQueues}>
              {t('phone.submit')}
            </Button>
            <span className="phone-submit-key">{t('phone.submit-key')}</span>
          </Group>
        </form>
        <InstitutionTickets caller={form.caller} />
      </div>
      <DiscardDialog
        opened={discardOpened}
        onKeep={() => setDiscardOpened(false)}
        onDiscard={() => {
          setDiscardOpened(false);
          setFiles([]);
          setTried(false);
          focusNext.current = 'caller';
          void clear();
        }}
      />
    </section>
  );
}
