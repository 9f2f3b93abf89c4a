import { Title } from '@mantine/core';
import { useId } from 'react';
import type { TicketContext } from '../../../../src-shared/ipc/cache.js';
import type { Ticket } from '../../../../src-shared/sync/entities.js';
import { formatMoment } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT, type Translate } from '../../../i18n/use-t.js';
import { shortId } from '../labels.js';
import { clockViews, type ClockView } from '../sla-view.js';
import { ClockStateIcon } from './ticket-icons.js';

function timeText(t: Translate, clock: ClockView): string | null {
  if (clock.minutes === null) return clock.state === 'paused' || clock.state === 'met' || clock.state === 'met-late' ? t('sla.used', clock.used) : null;
  if (clock.state === 'breached') return clock.counted === 'working' ? t('sla.over.working', clock.minutes) : t('sla.over.wall', clock.minutes);
  return clock.counted === 'working' ? t('sla.left.working', clock.minutes) : t('sla.left.wall', clock.minutes);
}

/**
 * The three SLA clocks with due instant and time left, recomputed each minute by the caller.
 * Time left is working time on the SLA's calendar (`tickets.get` brings it from the cache); a
 * calendar the cache does not hold yet leaves clock time, and the section says so.
 */
export function SlaClocks({ ticket, context, now }: { ticket: Ticket; context: TicketContext; now: Date }) {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const titleId = useId();
  const clocks = clockViews(ticket, context.calendar, now);
  const own = ticket.slaId !== null;
  const sla = context.sla === null ? (own ? t('sla.own', shortId(ticket.slaId ?? '')) : t('sla.unknown')) : t('sla.named', context.sla.name, own);
  return (
    <section className="sla-clocks" aria-labelledby={titleId}>
      <Title id={titleId} order={3} className="section-title">
        {t('sla.title')}
      </Title>
      <ul className="sla-clock-list">
        {clocks.map((clock) => {
          const time = timeText(t, clock);
          return (
            <li key={clock.name} className="sla-clock" data-clock={clock.name} data-state={clock.state}>
              <span className="sla-clock-name">{t(`sla.${clock.name}`)}</span>
              <span className="sla-clock-state">
                <ClockStateIcon state={clock.state} />
                {t(`sla.state.${clock.state}`)}
              </span>
              {clock.due !== null && <span className="sla-clock-due">{t('sla.due', formatMoment(language, clock.due, now))}</span>}
              {time !== null && <span className="sla-clock-left">{time}</span>}
            </li>
          );
        })}
      </ul>
      <p className="sla-which">
        {t('sla.which', sla, context.calendar?.name ?? t('sla.calendar-unknown'))}
      </p>
      {context.calendar === null && <p className="sla-note">{t('sla.wall-clock-note')}</p>}
    </section>
  );
}
