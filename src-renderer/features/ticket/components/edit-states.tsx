import { Button, Group, Table, Title } from '@mantine/core';
import { useId } from 'react';
import type { Agent } from '../../../../src-shared/domain/people.js';
import type { TicketView } from '../../../../src-shared/ipc/cache.js';
import { mutationNames, type MutationName } from '../../../../src-shared/sync/mutations.js';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { formatMoment } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { isTicketState, personLabel, queueLabel, shortId, stateLabel, type People } from '../labels.js';
import { useResolveEdit } from '../mutations.js';
import { useQueueNames } from '../queries.js';
import { PendingIcon, WarningTriangle } from './ticket-icons.js';

type FailedEdit = TicketView['failed'][number];

const isMutationName = (name: string): name is MutationName => (mutationNames as readonly string[]).includes(name);
const conflictFields = ['state', 'pendingUntil', 'priority', 'queueId', 'ownerId', 'responsibleId', 'locked', 'slaId'] as const;
type ConflictField = (typeof conflictFields)[number];
const isConflictField = (field: string): field is ConflictField => (conflictFields as readonly string[]).includes(field);

export function editName(t: Translate, name: string): string {
  return isMutationName(name) ? t(`edits.what.${name}`) : t('edits.what.other', name);
}

interface ValueContext {
  t: Translate;
  people: People;
  queueNames: ReadonlyMap<string, string>;
  format: (instant: string) => string;
}

/** A field's value in words, whoever wrote it. */
function fieldValue(ctx: ValueContext, field: string, value: unknown): string {
  const { t } = ctx;
  if (value === undefined) return t('edits.not-shown');
  if (value === null) return t('edits.value.none');
  if (field === 'state' && isTicketState(value)) return stateLabel(t, value);
  if (field === 'priority' && typeof value === 'number') return t('ticket.priority.value', value);
  if (field === 'queueId' && typeof value === 'string') return queueLabel(t, value, ctx.queueNames);
  if ((field === 'ownerId' || field === 'responsibleId') && typeof value === 'string') return personLabel(t, value, ctx.people, t('ticket.nobody'));
  if (field === 'locked' && typeof value === 'boolean') return value ? t('ticket.locked') : t('ticket.unlocked');
  if (field === 'pendingUntil' && typeof value === 'string') return ctx.format(value);
  if (field === 'slaId' && typeof value === 'string') return shortId(value);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : t('edits.not-shown');
}

/** What the agent's edit would set a field to: its argument, or what lock and unlock imply. */
function mineOf(edit: FailedEdit, field: string, me: Agent | null): unknown {
  if (Object.hasOwn(edit.args, field)) return edit.args[field];
  if (field === 'locked') return edit.name === 'ticket.lock' ? true : edit.name === 'ticket.unlock' ? false : undefined;
  if (field === 'ownerId' && edit.name === 'ticket.lock') return me?.id;
  return undefined;
}

function RefusedEdit({ edit, ticketId, ctx }: { edit: FailedEdit; ticketId: string; ctx: ValueContext }) {
  const { t } = ctx;
  const resolve = useResolveEdit(ticketId);
  const decide = (decision: 'keep-theirs' | 'apply-mine') => resolve.mutate({ mutationId: edit.mutationId, decision });
  const { result } = edit;
  const conflict = result.status === 'conflict';
  return (
    <li className="edit-refused" data-edit-status={edit.status} data-mutation-id={edit.mutationId}>
      <p className="edit-line">
        <WarningTriangle />
        {conflict ? t('edits.conflict', editName(t, edit.name)) : t('edits.rejected', editName(t, edit.name))}
      </p>
      {result.status === 'rejected' && <p className="edit-reason">{t(`ticket.rejected.${result.reason}`)}</p>}
      {result.status === 'conflict' && (
        <Table className="edit-conflict" withTableBorder aria-label={t('edits.conflict', editName(t, edit.name))}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('edits.field')}</Table.Th>
              <Table.Th scope="col">{t('edits.theirs')}</Table.Th>
              <Table.Th scope="col">{t('edits.mine')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.fields.map((field) => (
              <Table.Tr key={field} data-field={field}>
                <Table.Th scope="row">{isConflictField(field) ? t(`edits.field.${field}`) : t('edits.field.other', field)}</Table.Th>
                <Table.Td data-side="theirs">{fieldValue(ctx, field, (result.server as Record<string, unknown>)[field])}</Table.Td>
                <Table.Td data-side="mine">{fieldValue(ctx, field, mineOf(edit, field, ctx.people.me))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group gap="xs" mt={4}>
        <Button size="xs" variant="default" loading={resolve.isPending && resolve.variables.decision === 'keep-theirs'} disabled={resolve.isPending} onClick={() => decide('keep-theirs')}>
          {conflict ? t('edits.keep-theirs') : t('edits.discard')}
        </Button>
        <Button size="xs" loading={resolve.isPending && resolve.variables.decision === 'apply-mine'} disabled={resolve.isPending} onClick={() => decide('apply-mine')}>
          {conflict ? t('edits.apply-mine') : t('edits.retry')}
        </Button>
      </Group>
      {resolve.isError && <ReasonAlert title={t('edits.resolve-failed')} error={resolve.error} />}
    </li>
  );
}

/** The agent's edits of this ticket that the server has not confirmed, and those it refused. */
export function EditStates({ view, people, now }: { view: TicketView; people: People; now: Date }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const queueNames = useQueueNames();
  const titleId = useId();
  if (view.pending.length === 0 && view.failed.length === 0) return null;
  const format = (instant: string): string => formatMoment(language, new Date(instant), now);
  const ctx: ValueContext = { t, people, queueNames, format };
  return (
    <section className="edit-states" aria-labelledby={titleId}>
      <Title id={titleId} order={3} className="section-title">
        {t('edits.title')}
      </Title>
      <ul className="edit-list">
        {view.pending.map((edit) => (
          <li key={edit.mutationId} className="edit-pending" data-edit-status={edit.status}>
            <PendingIcon />
            {edit.status === 'applied' ? t('edits.applied', editName(t, edit.name)) : t('edits.pending', editName(t, edit.name), format(edit.createdAt))}
          </li>
        ))}
        {view.failed.map((edit) => (
          <RefusedEdit key={edit.mutationId} edit={edit} ticketId={view.ticket.id} ctx={ctx} />
        ))}
      </ul>
    </section>
  );
}
