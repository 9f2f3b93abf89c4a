import { useIsFetching, useIsMutating } from '@tanstack/react-query';
import { useT } from '../i18n/use-t.js';

/** One polite line that says what the portal is doing: loading, sending, or ready. Screen readers hear it. */
export function StatusLine() {
  const t = useT();
  const fetching = useIsFetching();
  const mutating = useIsMutating();
  const text = mutating > 0 ? t.status.saving : fetching > 0 ? t.status.loading : t.status.ready;
  return (
    <p className="portal-status" role="status" aria-live="polite" data-busy={fetching + mutating > 0}>
      {text}
    </p>
  );
}
