import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { asIpcError } from '../ipc/ipc-error.js';
import { reasonMessage, useT } from '../i18n/use-t.js';
import { WarningIcon } from './status-icons.js';

interface ReasonAlertProps {
  title: string;
  error: unknown;
  id?: string;
  children?: ReactNode;
}

/** A failed call in words: the translated message for its reason, announced as an alert. */
export function ReasonAlert({ title, error, id, children }: ReasonAlertProps) {
  const t = useT();
  const failure = asIpcError(error);
  return (
    <Alert id={id} role="alert" color="red" variant="light" title={title} icon={<WarningIcon />} data-reason={failure.reason}>
      {reasonMessage(t, failure)}
      {children}
    </Alert>
  );
}
