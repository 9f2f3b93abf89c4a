import { Alert, Button, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { SyncingIcon, WarningIcon } from '../../../components/status-icons.js';
import { useT } from '../../../i18n/use-t.js';
import { request } from '../../../ipc/client.js';
import { useSyncStatus } from '../../sync/queries.js';
import { useTicketRefresh, useTicketView } from '../../ticket/queries.js';
import { useCreatedTickets, type CreatedTicket } from '../created-store.js';
import { phoneKeys, usePhoneTicketRefresh } from '../queries.js';

interface GateProps {
  ticketId: string;
  onBack: () => void;
  /** The ticket's own screen, once the cache can show the ticket. */
  children: ReactNode;
}

/**
 * A ticket just created here is shown at once as pending: until the feed brings it, `tickets.get`
 * has no row for it (the create waits in the outbox), and the ticket screen would say "not found"
 * or, with the server away, "cannot be reached". Any other ticket goes straight to its screen.
 */
export function CreatedTicketGate({ ticketId, onBack, children }: GateProps) {
  const created = useCreatedTickets((state) => state.tickets[ticketId]);
  if (created === undefined) return children;
  return (
    <CreatedTicketWait created={created} onBack={onBack}>
      {children}
    </CreatedTicketWait>
  );
}

function CreatedTicketWait({ created, onBack, children }: { created: CreatedTicket; onBack: () => void; children: ReactNode }) {
  useTicketRefresh();
  usePhoneTicketRefresh();
  const view = useTicketView(created.ticketId);
  if (view.isSuccess) return children;
  return <PendingCreatedTicket created={created} onBack={onBack} />;
}

/** Refused edits of the agent: a create the server refused is said here, with its reason. */
function useRefusedCreate(ticketId: string) {
  return useQuery({
    queryKey: [...phoneKeys.all, 'failed-edits'] as const,
    queryFn: () => request('edits.failed', undefined),
    select: (result) => result.edits.find((edit) => edit.subjectId === ticketId.toLowerCase() && edit.name === 'ticket.create') ?? null,
  });
}

function PendingCreatedTicket({ created, onBack }: { created: CreatedTicket; onBack: () => void }) {
  const t = useT();
  const titleId = useId();
  const screen = useRef<HTMLDivElement>(null);
  const sync = useSyncStatus();
  const refused = useRefusedCreate(created.ticketId);
  const offline = sync.data?.state === 'offline' || sync.data?.state === 'signed-out';
  useEffect(() => {
    screen.current?.focus({ preventScroll: true });
  }, []);
  const facts: [string, string, string][] = [
    [t('phone.field.queue'), created.queueName, 'queue'],
    [t('phone.field.priority'), t('ticket.priority.value', created.priority), 'priority'],
    [t('phone.field.type'), t(`list.type.${created.type}`), 'type'],
    [t('phone.caller.legend'), created.caller ?? t('phone.caller.internal-chosen'), 'customer'],
  ];
  const result = refused.data?.result;
  return (
    <div className="ticket-screen" ref={screen} tabIndex={-1} data-ticket-screen={created.ticketId}>
      <div className="ticket-screen-bar">
        <Button size="compact-sm" variant="subtle" onClick={onBack}>
          {t('workspace.back')}
        </Button>
      </div>
      <section className="phone-created" aria-labelledby={titleId} data-created-ticket={created.ticketId}>
        <p className="phone-created-number">
          <span className="phone-created-label">{t('ticket.number')}: </span>
          <span className="phone-number-pending" data-number-pending>
            {t('phone.number-pending')}
          </span>
        </p>
        <Title id={titleId} order={2} className="phone-created-title">
          {created.title}
        </Title>
        {result?.status === 'rejected' ? (
          <Alert color="red" variant="light" role="alert" icon={<WarningIcon />} title={t('phone.created.rejected')}>
            {t(`ticket.rejected.${result.reason}`)}
          </Alert>
        ) : (
          <p className="phone-created-status" role="status">
            <SyncingIcon />{' '}
            {offline ? t('phone.created.pending-offline') : t('phone.created.pending')}
          </p>
        )}
        <dl className="phone-caller-facts" aria-label={t('ticket.facts')}>
          {facts.map(([label, value, key]) => (
            <div key={key} className="phone-caller-fact" data-fact={key}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
