import type { TicketState } from '../../src-shared/sync/entities.js';
import { useT } from '../i18n/use-t.js';

const kindOf: Record<TicketState, 'new' | 'open' | 'waiting' | 'closed'> = {
  new: 'new',
  open: 'open',
  'pending-reminder': 'waiting',
  'pending-auto-close': 'waiting',
  'closed-successful': 'closed',
  'closed-unsuccessful': 'closed',
  merged: 'closed',
};

/** A ticket's state in words, with a shape as well as a colour (colour-blind readers). */
export function StateBadge({ state }: { state: TicketState }) {
  const t = useT();
  const kind = kindOf[state];
  return (
    <span className={`portal-state portal-state-${kind}`} data-state={state}>
      <span aria-hidden="true" className="portal-state-mark" />
      {t.states[state]}
    </span>
  );
}
