import { NativeSelect, NumberInput, Radio, Stack, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { limits } from '../../../../src-shared/limits.js';
import type { QueueChoice } from '../../../../src-shared/ipc/workspace.js';
import { agentLinkKinds } from '../../../../src-shared/sync/entities.js';
import { mutationRules } from '../../../../src-shared/sync/mutations.js';
import { request } from '../../../ipc/client.js';
import { formatCount } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import { holds } from '../action-rights.js';
import { ticketKeys } from '../queries.js';
import { ActionForm } from './action-form.js';

export type AgentLinkKind = (typeof agentLinkKinds)[number];

interface EditProps {
  onClose: () => void;
  busy: boolean;
  error: unknown;
}

/** Tickets found by number or title for a merge or link target (the cache's search, offline too); never the ticket itself. */
function TicketPicker({ ticketId, value, onChange }: { ticketId: string; value: string; onChange: (ticketId: string) => void }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const trimmed = query.trim();
  const search = useQuery({
    queryKey: ['ticket', 'target-search', trimmed] as const,
    queryFn: () => request('tickets.search', { query: trimmed, limit: 10, scope: 'typing' }),
    enabled: trimmed.length >= 2,
    placeholderData: keepPreviousData,
  });
  const hits = trimmed.length >= 2 ? (search.data?.hits ?? []).filter((hit) => hit.ticketId !== ticketId) : [];
  return (
    <>
      <TextInput label={t('actions.target.search')} description={t('actions.target.hint')} value={query} onChange={(event) => setQuery(event.currentTarget.value)} w={420} data-autofocus />
      {trimmed.length >= 2 && !search.isPending && hits.length === 0 && <p role="status">{t('actions.target.none', trimmed)}</p>}
      {hits.length > 0 && (
        <Radio.Group label={t('actions.target.choose')} value={value} onChange={onChange} mt="xs">
          <Stack gap={4} mt={4}>
            {hits.map((hit) => (
              <Radio key={hit.ticketId} value={hit.ticketId} label={`${hit.number === '' ? t('ticket.number-pending') : hit.number} · ${hit.title}`} />
            ))}
          </Stack>
        </Radio.Group>
      )}
    </>
  );
}

/** Whether the agent may merge into the chosen ticket (`rw` on its queue's group too, not merged itself); the reason if not. */
function useMergeTarget(target: string, queues: readonly QueueChoice[]): string | null {
  const t = useT();
  const view = useQuery({ queryKey: ticketKeys.view(target), queryFn: () => request('tickets.get', { ticketId: target }), enabled: target !== '', retry: false });
  if (target === '' || view.data === undefined) return null;
  const { ticket } = view.data;
  if (ticket.state === 'merged') return t('actions.merge.target-merged', ticket.number);
  const queue = queues.find((choice) => choice.queueId === ticket.queueId);
  const right = mutationRules['ticket.merge'].rights.bothTickets;
  if (queue === undefined || !holds(queue.rights, right)) return t('actions.merge.target-denied', ticket.number, queue?.name ?? ticket.queueId, t(`actions.right.${right}`));
  return null;
}

/** Merges this ticket into another (it is then `merged` and never changes again). */
export function MergeForm({ ticketId, number, queues, onSubmit, ...rest }: EditProps & { ticketId: string; number: string; queues: readonly QueueChoice[]; onSubmit: (intoTicketId: string) => Promise<boolean> }) {
  const t = useT();
  const [target, setTarget] = useState('');
  const refused = useMergeTarget(target, queues);
  return (
    <ActionForm kind="merge" title={t('actions.merge.title')} submitLabel={t('actions.merge.submit')} onSubmit={() => void onSubmit(target)} canSubmit={target !== '' && refused === null} {...rest}>
      <p className="action-why">{t('actions.merge.warning', number)}</p>
      <TicketPicker ticketId={ticketId} value={target} onChange={setTarget} />
      {refused !== null && (
        <p className="action-why" role="alert">
          {refused}
        </p>
      )}
    </ActionForm>
  );
}

/** Links this ticket to another, with the kind of link. */
export function LinkForm({ ticketId, onSubmit, ...rest }: EditProps & { ticketId: string; onSubmit: (targetTicketId: string, kind: AgentLinkKind) => Promise<boolean> }) {
  const t = useT();
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<AgentLinkKind>('related');
  return (
    <ActionForm kind="link" title={t('actions.link.title')} submitLabel={t('actions.link.submit')} onSubmit={() => void onSubmit(target, kind)} canSubmit={target !== ''} {...rest}>
      <NativeSelect
        label={t('actions.link.kind')}
        value={kind}
        onChange={(event) => setKind(agentLinkKinds.find((candidate) => candidate === event.currentTarget.value) ?? 'related')}
        data={agentLinkKinds.map((value) => ({ value, label: t(`actions.link.kind.${value}`) }))}
        w={360}
        mb="xs"
      />
      <TicketPicker ticketId={ticketId} value={target} onChange={setTarget} />
    </ActionForm>
  );
}

/** Time worked on the ticket (`t`), in whole minutes, with a short note. */
export function TimeForm({ onSubmit, ...rest }: EditProps & { onSubmit: (minutes: number, note: string) => Promise<boolean> }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const [minutes, setMinutes] = useState('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const value = Number(minutes);
  const minutesBad = minutes.trim() === '' || !Number.isInteger(value) || value < 1 || value > limits.timeEntryMaxMinutes;
  const noteOver = note.length - limits.articleSubjectMaxLength;
  const count = (n: number) => formatCount(language, n);
  return (
    <ActionForm kind="time" title={t('actions.time.title')} submitLabel={t('actions.time.submit')} onSubmit={() => void onSubmit(value, note)} onInvalid={() => setTried(true)} canSubmit={!minutesBad && noteOver <= 0} {...rest}>
      <NumberInput
        label={t('actions.time.minutes')}
        value={minutes}
        onChange={(next) => setMinutes(String(next))}
        min={1}
        max={limits.timeEntryMaxMinutes}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        required
        error={minutesBad && (tried || minutes !== '') ? t('actions.time.range', count(limits.timeEntryMaxMinutes)) : undefined}
        w={200}
      />
      <TextInput
        label={t('actions.time.note')}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        description={t('actions.counter', count(note.length), count(limits.articleSubjectMaxLength))}
        error={noteOver > 0 ? t('actions.too-long', count(noteOver), count(limits.articleSubjectMaxLength)) : undefined}
        w={420}
        mt="xs"
      />
    </ActionForm>
  );
}
