import type { DeskNotice, NoticeLanguage } from '../../src-shared/ipc/notifications.js';
import type { ClockName } from '../../src-shared/sla/clocks.js';
import type { NoticeEvent } from './notice-finder.js';

/**
 * The words of a notice. The main process writes them, as Electron shows its notices without
 * the renderer; the renderer tells it the agent's language (`notifications.setLanguage`).
 */
const texts = {
  de: {
    newTicket: (queue: string) => `Neues Ticket in ${queue}`,
    reminder: 'Erinnerung fällig',
    clock: (clock: string) => `Warnung: ${clock}`,
    clocks: { firstResponse: 'Erste Reaktion', update: 'Aktualisierung', solution: 'Lösung' },
    due: (time: string) => `fällig ${time}`,
    locale: 'de-DE',
  },
  en: {
    newTicket: (queue: string) => `New ticket in ${queue}`,
    reminder: 'Reminder due',
    clock: (clock: string) => `Warning: ${clock}`,
    clocks: { firstResponse: 'first response', update: 'update', solution: 'solution' },
    due: (time: string) => `due ${time}`,
    locale: 'en-GB',
  },
} satisfies Record<NoticeLanguage, { clocks: Record<ClockName, string>; [key: string]: unknown }>;

/** Day and time in the workstation's time zone, 24-hour clock in both languages. */
function moment(language: NoticeLanguage, instant: string): string {
  return new Intl.DateTimeFormat(texts[language].locale, { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** The notice the host shows for an event: number and title always, so the agent knows which ticket. */
export function noticeOf(event: NoticeEvent, language: NoticeLanguage): DeskNotice {
  const words = texts[language];
  const subject = `${event.ticket.number} · ${event.ticket.title}`;
  const base = { tag: event.tag, kind: event.kind, ticketId: event.ticket.id };
  switch (event.kind) {
    case 'new-ticket':
      return { ...base, title: words.newTicket(event.queueName), body: subject };
    case 'reminder':
      return { ...base, title: words.reminder, body: subject };
    case 'clock-warning':
      return { ...base, title: words.clock(words.clocks[event.clock]), body: `${subject} (${words.due(moment(language, event.due))})` };
  }
}
