import { Alert } from '@mantine/core';
import { PortalRequestError } from '../api/client.js';
import { useT } from '../i18n/use-t.js';

/** A refused request in the customer's language; the server's own words only where they name a field. */
export function ErrorAlert({ error }: { error: unknown }) {
  const t = useT();
  if (error === null || error === undefined) return null;
  const reason = error instanceof PortalRequestError ? error.reason : 'internal-error';
  const detail = error instanceof PortalRequestError && (reason === 'invalid-args' || reason === 'invalid-request') ? error.message : null;
  const wait = error instanceof PortalRequestError && error.retryAfterSeconds !== undefined ? t.retryIn(error.retryAfterSeconds) : null;
  return (
    <Alert color="red" role="alert" className="portal-error" data-reason={reason}>
      {t.reasons[reason]}
      {wait !== null && ` ${wait}`}
      {detail !== null && <span className="portal-error-detail">{detail}</span>}
    </Alert>
  );
}
