import { Button } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { useT } from '../../../i18n/use-t.js';
import { TicketZoom } from '../../ticket/components/ticket-zoom.js';
import { useRecentTickets } from '../recent-store.js';

const ticketIdSchema = z.uuid();

/** A ticket's own screen: the way back, and the zoom (features/ticket). It joins the recent tickets. */
export function TicketScreen({ ticketId, onBack }: { ticketId: string; onBack: () => void }) {
  const t = useT();
  const opened = useRecentTickets((state) => state.opened);
  const screen = useRef<HTMLDivElement>(null);
  const valid = ticketIdSchema.safeParse(ticketId).success;
  useEffect(() => {
    if (valid) opened(ticketId);
  }, [opened, ticketId, valid]);
  useEffect(() => {
    // The keyboard follows the agent into the ticket, unless the zoom already took the focus.
    if (!screen.current?.contains(document.activeElement)) screen.current?.focus({ preventScroll: true });
  }, [ticketId]);
  return (
    <div className="ticket-screen" ref={screen} tabIndex={-1} data-ticket-screen={ticketId}>
      <div className="ticket-screen-bar">
        <Button size="compact-sm" variant="subtle" onClick={onBack} leftSection={<BackIcon />}>
          {t('workspace.back')}
        </Button>
      </div>
      {valid ? <TicketZoom ticketId={ticketId} /> : <p className="nav-status">{t('reason.not-found')}</p>}
    </div>
  );
}

function BackIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
      <path d="M7.5 2 3.5 6l4 4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
