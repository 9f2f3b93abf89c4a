import { NativeSelect } from '@mantine/core';
import { useState } from 'react';
import type { Ticket } from '../../../../src-shared/sync/entities.js';
import type { QueueChoice } from '../../../../src-shared/ipc/workspace.js';
import type { MutationName } from '../../../../src-shared/sync/mutations.js';
import { useT } from '../../../i18n/use-t.js';
import { useOwnerCandidates } from '../../queues/queries.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { ActionForm } from './action-form.js';

interface EditProps {
  onClose: () => void;
  busy: boolean;
  error: unknown;
}

/** Into another queue (`m`): only queues the agent may move into are offered. */
export function MoveForm({ targets, onSubmit, ...rest }: EditProps & { targets: readonly QueueChoice[]; onSubmit: (queueId: string) => Promise<boolean> }) {
  const t = useT();
  const sorted = [...targets].sort((a, b) => a.name.localeCompare(b.name));
  const [queueId, setQueueId] = useState(sorted[0]?.queueId ?? '');
  return (
    <ActionForm kind="move" title={t('actions.move.title')} submitLabel={t('actions.move.submit')} onSubmit={() => void onSubmit(queueId)} canSubmit={queueId !== ''} {...rest}>
      <NativeSelect
        label={t('actions.move.target')}
        description={t('actions.move.hint')}
        value={queueId}
        onChange={(event) => setQueueId(event.currentTarget.value)}
        data={sorted.map((queue) => ({ value: queue.queueId, label: queue.name }))}
        w={360}
      />
    </ActionForm>
  );
}

/** Owner and responsible (`o`): only agents who may own tickets in the ticket's queue. */
export function OwnerForm({ ticket, ownerBlocked, onSubmit, ...rest }: EditProps & { ticket: Ticket; ownerBlocked: string | null; onSubmit: (edits: { name: MutationName; args: Record<string, unknown> }[]) => Promise<boolean> }) {
  const t = useT();
  const candidates = useOwnerCandidates(ticket.queueId);
  const [ownerId, setOwnerId] = useState(ticket.ownerId ?? '');
  const [responsibleId, setResponsibleId] = useState(ticket.responsibleId ?? '');
  const people = candidates.data?.candidates ?? [];
  const options = (current: string | null) => [
    ...(current === null ? [{ value: '', label: t('ticket.nobody'), disabled: true }] : []),
    ...(current !== null && !people.some((person) => person.id === current) ? [{ value: current, label: t('actions.owner.not-candidate'), disabled: true }] : []),
    ...people.map((person) => ({ value: person.id, label: `${person.displayName} (${person.username})` })),
  ];
  const edits: { name: MutationName; args: Record<string, unknown> }[] = [
    ...(ownerId !== '' && ownerId !== ticket.ownerId && ownerBlocked === null ? [{ name: 'ticket.setOwner' as const, args: { ownerId } }] : []),
    ...(responsibleId !== '' && responsibleId !== ticket.responsibleId ? [{ name: 'ticket.setResponsible' as const, args: { responsibleId } }] : []),
  ];
  return (
    <ActionForm kind="owner" title={t('actions.owner.title')} submitLabel={t('actions.owner.submit')} onSubmit={() => void onSubmit(edits)} canSubmit={edits.length > 0} {...rest}>
      {candidates.isError && <ReasonAlert title={t('actions.owner.candidates-failed')} error={candidates.error} />}
      {candidates.isPending && <p role="status">{t('actions.owner.loading')}</p>}
      <NativeSelect
        label={t('ticket.owner')}
        value={ownerId}
        onChange={(event) => setOwnerId(event.currentTarget.value)}
        data={options(ticket.ownerId)}
        disabled={ownerBlocked !== null}
        description={ownerBlocked ?? t('actions.owner.hint')}
        w={360}
      />
      <NativeSelect
        label={t('ticket.responsible')}
        value={responsibleId}
        onChange={(event) => setResponsibleId(event.currentTarget.value)}
        data={options(ticket.responsibleId)}
        description={t('actions.owner.hint')}
        w={360}
        mt="xs"
      />
      {edits.length === 0 && <p className="action-why">{t('actions.owner.unchanged')}</p>}
    </ActionForm>
  );
}

/** Priority 1–5. */
export function PriorityForm({ current, onSubmit, ...rest }: EditProps & { current: number; onSubmit: (priority: number) => Promise<boolean> }) {
  const t = useT();
  const [priority, setPriority] = useState(String(current));
  return (
    <ActionForm kind="priority" title={t('actions.priority.title')} submitLabel={t('actions.priority.submit')} onSubmit={() => void onSubmit(Number(priority))} canSubmit={Number(priority) !== current} {...rest}>
      <NativeSelect
        label={t('ticket.priority')}
        value={priority}
        onChange={(event) => setPriority(event.currentTarget.value)}
        data={[1, 2, 3, 4, 5].map((value) => ({ value: String(value), label: t('ticket.priority.value', value) }))}
        w={240}
      />
    </ActionForm>
  );
}
