import { Group, Select } from '@mantine/core';
import type { RefObject } from 'react';
import type { QueueChoice } from '../../../../src-shared/ipc/workspace.js';
import { ticketTypes, type TicketType } from '../../../../src-shared/sync/entities.js';
import { useT } from '../../../i18n/use-t.js';
import type { PhoneForm } from '../phone-form.js';

interface TicketChoicesProps {
  form: PhoneForm;
  /** Where the agent may create, by name. */
  queues: readonly QueueChoice[];
  loading: boolean;
  queueError: string | null;
  queueRef: RefObject<HTMLInputElement | null>;
  onChange: (patch: Partial<PhoneForm>) => void;
}

const isTicketType = (value: string | null): value is TicketType => (ticketTypes as readonly string[]).includes(value ?? '');

/** Queue (only where the agent may create; said so when there is none), priority 1–5 and type, side by side. */
export function TicketChoices({ form, queues, loading, queueError, queueRef, onChange }: TicketChoicesProps) {
  const t = useT();
  const noQueues = !loading && queues.length === 0;
  const known = form.queueId !== null && queues.some((queue) => queue.queueId === form.queueId);
  return (
    <Group grow align="flex-start" gap="sm" className="phone-choices">
      <Select
        ref={queueRef}
        label={t('phone.field.queue')}
        required
        searchable
        placeholder={loading ? t('phone.queue.loading') : t('phone.queue.placeholder')}
        nothingFoundMessage={t('phone.queue.nothing-found')}
        data={queues.map((queue) => ({ value: queue.queueId, label: queue.name }))}
        value={known ? form.queueId : null}
        onChange={(value) => onChange({ queueId: value })}
        disabled={noQueues}
        error={noQueues ? t('phone.queue.none') : (queueError ?? undefined)}
        // In the form, not in a portal at the end of the page: found where the field is.
        comboboxProps={{ withinPortal: false }}
        data-field="queue"
      />
      <Select
        label={t('phone.field.priority')}
        allowDeselect={false}
        data={[1, 2, 3, 4, 5].map((priority) => ({ value: String(priority), label: t('ticket.priority.value', priority) }))}
        value={String(form.priority)}
        onChange={(value) => onChange({ priority: Number(value ?? 3) })}
        comboboxProps={{ withinPortal: false }}
        data-field="priority"
      />
      <Select
        label={t('phone.field.type')}
        allowDeselect={false}
        data={ticketTypes.map((type) => ({ value: type, label: t(`list.type.${type}`) }))}
        value={form.type}
        onChange={(value) => onChange({ type: isTicketType(value) ? value : 'incident' })}
        comboboxProps={{ withinPortal: false }}
        data-field="type"
      />
    </Group>
  );
}
