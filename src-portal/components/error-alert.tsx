import { Alert } from '@mantine/core';
import { useEffect, useState } from 'react';
import { PortalRequestError } from '../api/client.js';
import { useT } from '../i18n/use-t.js';

/** A refused request in the customer's language; the server's own words only where they name a field. */
export function ErrorAlert({ error }: { error: unknown }) {
  const t = useT();
  if (error === null || error === undefined) return null;
  const refusal = error instanceof PortalRequestError ? error : null;
  const reason = refusal?.reason ?? 'internal-error';
  const detail = refusal !== null && (reason === 'invalid-args' || reason === 'invalid-request') ? refusal.message : null;
  return (
    <Alert color="red" role="alert" className="portal-error" data-reason={reason}>
      {t.reasons[reason]}
      {/* Each refusal counts its own wait from when it came. */}
      {refusal?.retryAfterSeconds !== undefined && (
        <>
          {' '}
          <RetryCountdown key={refusalKey(refusal)} seconds={refusal.retryAfterSeconds} />
        </>
      )}
      {detail !== null && <span className="portal-error-detail">{detail}</span>}
    </Alert>
  );
}

const refusalKeys = new WeakMap<PortalRequestError, number>();
let lastRefusalKey = 0;

function refusalKey(error: PortalRequestError): number {
  let key = refusalKeys.get(error);
  if (key === undefined) {
    lastRefusalKey += 1;
    key = lastRefusalKey;
    refusalKeys.set(error, key);
  }
  return key;
}

/**
 * The seconds left of the wait the server asked for (`Retry-After`), counted down; once it has
 * passed, that the customer may send again. The alert around it is announced when it appears;
 * the count itself is not announced each second (`aria-live="off"`), it is read where it stands.
 */
function RetryCountdown({ seconds }: { seconds: number }) {
  const t = useT();
  const [deadline] = useState(() => Date.now() + seconds * 1000);
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return (
    <span className="portal-error-wait" aria-live="off" data-seconds-left={left}>
      {left > 0 ? t.retryIn(left) : t.retryNow}
    </span>
  );
}
