import { Radio, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { TicketState } from '../../../../src-shared/sync/entities.js';
import { useT } from '../../../i18n/use-t.js';
import { stateLabel } from '../labels.js';
import { ActionForm } from './action-form.js';

const pad = (value: number): string => String(value).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM` in local time, as `<input type="datetime-local">` reads and writes it. */
export function localDateTime(date: Date): string {
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The next working morning at 9:00 (local): where a reminder usually goes. */
function defaultReminder(now: Date): string {
  const next = new Date(now);
  next.setDate(next.getDate() + 1);
  while (next.getDay() === 0 || next.getDay() === 6) next.setDate(next.getDate() + 1);
  next.setHours(9, 0, 0, 0);
  return localDateTime(next);
}

interface StateFormProps {
  mode: 'pending' | 'close';
  current: TicketState;
  onSubmit: (state: TicketState, pendingUntil: string | null) => Promise<boolean>;
  onClose: () => void;
  busy: boolean;
  error: unknown;
}

/** Pending with a reminder time (`p`), or closed successful / unsuccessful (`c`). */
export function StateForm({ mode, current, onSubmit, onClose, busy, error }: StateFormProps) {
  const t = useT();
  const choices: TicketState[] = mode === 'pending' ? ['pending-reminder', 'pending-auto-close'] : ['closed-successful', 'closed-unsuccessful'];
  const [state, setState] = useState<TicketState>(choices.includes(current) ? current : (choices[0] ?? 'open'));
  const [when, setWhen] = useState(() => defaultReminder(new Date()));
  const [tried, setTried] = useState(false);
  const instant = when === '' ? null : new Date(when);
  const problem = mode !== 'pending' ? null : instant === null || Number.isNaN(instant.getTime()) ? t('actions.pending.missing') : instant.getTime() <= Date.now() ? t('actions.pending.past') : null;
  return (
    <ActionForm
      kind={mode}
      title={mode === 'pending' ? t('actions.pending.title') : t('actions.close.title')}
      submitLabel={mode === 'pending' ? t('actions.pending.submit') : t('actions.close.submit')}
      onSubmit={() => void onSubmit(state, mode === 'pending' && instant !== null ? instant.toISOString() : null)}
      onInvalid={() => setTried(true)}
      onClose={onClose}
      canSubmit={problem === null}
      busy={busy}
      error={error}
    >
      <Radio.Group label={t('actions.state.label')} value={state} onChange={(value) => setState(choices.find((choice) => choice === value) ?? state)}>
        <Group gap="md" mt={4}>
          {choices.map((choice) => (
            <Radio key={choice} value={choice} label={stateLabel(t, choice)} />
          ))}
        </Group>
      </Radio.Group>
      {mode === 'pending' && (
        <TextInput
          type="datetime-local"
          label={t('actions.pending.when')}
          description={t('actions.pending.when-hint')}
          value={when}
          onChange={(event) => setWhen(event.currentTarget.value)}
          error={tried || when !== '' ? (problem ?? undefined) : undefined}
          required
          w={280}
          mt="xs"
        />
      )}
    </ActionForm>
  );
}
