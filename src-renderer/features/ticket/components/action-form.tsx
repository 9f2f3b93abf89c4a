import { Button, Group, Title } from '@mantine/core';
import { useEffect, useId, useRef, type KeyboardEvent, type SyntheticEvent, type ReactNode } from 'react';
import { ReasonAlert } from '../../../components/reason-alert.js';
import { useT } from '../../../i18n/use-t.js';

export interface ActionFormProps {
  title: string;
  submitLabel: string;
  /** Called with a valid form only: `canSubmit` false keeps the button and Ctrl+Enter from sending. */
  onSubmit: () => void;
  onClose: () => void;
  /** Called instead of `onSubmit` when the form is sent while not valid: the form says what is wrong. */
  onInvalid?: () => void;
  canSubmit: boolean;
  busy: boolean;
  /** The last failed attempt to put the edit into the outbox; what was typed stays. */
  error: unknown;
  children: ReactNode;
  /** More buttons beside "cancel" (discard a draft). */
  extra?: ReactNode;
  /** Beside the buttons, quiet (the draft's state). */
  status?: ReactNode;
  kind: string;
}

/**
 * The frame of every editor form in the zoom: a named form region, the first field focused,
 * Escape closes it (and only it: the workspace must not go back to the list), Ctrl+Enter sends.
 */
export function ActionForm({ title, submitLabel, onSubmit, onClose, onInvalid, canSubmit, busy, error, children, extra, status, kind }: ActionFormProps) {
  const t = useT();
  const titleId = useId();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const within = form.current;
    // The field the form names first, else the first field: `querySelector` with a list would take whichever comes first in the page.
    const first = within?.querySelector<HTMLElement>('[data-autofocus]') ?? within?.querySelector<HTMLElement>('input:not([type="hidden"]):not([disabled]), textarea, select, button');
    first?.focus();
  }, []);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (busy) return;
    if (canSubmit) onSubmit();
    else onInvalid?.();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      // Handled here, before the document's listener would take it as "back to the list".
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      form.current?.requestSubmit();
    }
  };
  return (
    <form ref={form} className="action-form" aria-labelledby={titleId} onSubmit={submit} onKeyDown={onKeyDown} noValidate data-action-form={kind}>
      <Title id={titleId} order={3} className="section-title">
        {title}
      </Title>
      {children}
      {error !== null && error !== undefined && <ReasonAlert title={t('actions.failed')} error={error} />}
      <Group gap="xs" mt="xs" className="action-form-buttons">
        <Button type="submit" size="xs" loading={busy} aria-disabled={!canSubmit || undefined} data-disabled={!canSubmit || undefined} aria-keyshortcuts="Control+Enter">
          {submitLabel}
        </Button>
        <Button type="button" size="xs" variant="default" onClick={onClose} aria-keyshortcuts="Escape">
          {t('actions.cancel')}
        </Button>
        {extra}
        {status !== undefined && <span className="action-form-status">{status}</span>}
      </Group>
    </form>
  );
}
