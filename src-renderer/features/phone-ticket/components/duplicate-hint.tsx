import { Button } from '@mantine/core';
import { Link } from 'wouter';
import type { QueueChoice } from '../../../../src-shared/ipc/workspace.js';
import { useT } from '../../../i18n/use-t.js';
import { ticketPath } from '../../workspace/routes.js';
import { mayAddArticle, type Visibility } from '../phone-form.js';
import type { DuplicateCandidate } from '../queries.js';

/** Possible duplicates offered at most: the best few, not another list. */
const shownCandidates = 3;

interface DuplicateHintProps {
  candidates: readonly DuplicateCandidate[];
  queues: readonly QueueChoice[];
  visibility: Visibility;
  busy: boolean;
  onAddCall: (ticketId: string) => void;
}

/**
 * "Mögliches Duplikat": the caller's institution has an open ticket the title's words find. The
 * agent can add the call to it instead of opening another ticket, where their rights allow.
 * A polite live region: the agent hears it while typing the title, without losing their place.
 */
export function DuplicateHint({ candidates, queues, visibility, busy, onAddCall }: DuplicateHintProps) {
  const t = useT();
  const shown = candidates.slice(0, shownCandidates);
  return (
    <div className="phone-duplicates" aria-live="polite" data-duplicates={shown.length}>
      {shown.map(({ row }) => {
        const rights = queues.find((queue) => queue.queueId === row.ticket.queueId)?.rights;
        const allowed = mayAddArticle(rights, visibility);
        const number = row.ticket.number === '' ? t('phone.number-pending') : row.ticket.number;
        return (
          <div key={row.ticket.id} className="phone-duplicate" data-duplicate={row.ticket.id}>
            <p className="phone-duplicate-text">
              <strong>{t('phone.duplicate.label')}:</strong>{' '}
              <Link href={ticketPath(row.ticket.id)} className="phone-duplicate-link">
                <span className="tabular">{number}</span> {row.ticket.title}
              </Link>
            </p>
            <Button size="compact-sm" variant="light" disabled={!allowed || busy} onClick={() => onAddCall(row.ticket.id)} data-add-call={row.ticket.id}>
              {t('phone.duplicate.add-call')}
            </Button>
            {!allowed && <p className="phone-duplicate-why">{visibility === 'internal' ? t('phone.duplicate.no-note-right') : t('phone.duplicate.no-rw-right')}</p>}
          </div>
        );
      })}
    </div>
  );
}
