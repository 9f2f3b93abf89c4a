import type { TicketState, TicketType } from '../../src-shared/sync/entities.js';
import type { TicketSortKey } from '../../src-shared/ipc/workspace.js';
import { formatCount, type DurationParts } from './format.js';

const n = (value: number): string => formatCount('de', value);

/** "2 Std. 15 Min.", "1 Tg. 4 Std.", "45 Min.", "12 Tg.": the two largest units, days alone from three on. */
export function durationDe({ days, hours, minutes }: DurationParts): string {
  if (days > 0) return hours === 0 || days >= 3 ? `${days} Tg.` : `${days} Tg. ${hours} Std.`;
  if (hours > 0) return minutes === 0 ? `${hours} Std.` : `${hours} Std. ${minutes} Min.`;
  return minutes === 0 ? '< 1 Min.' : `${minutes} Min.`;
}

/** A clock badge's few characters: "3:19 Std.", "1 Tg. 4 Std.", "40 Min.", "12 Tg.". */
export function shortDurationDe({ days, hours, minutes }: DurationParts): string {
  if (days > 0) return durationDe({ days, hours, minutes });
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')} Std.`;
  return minutes === 0 ? '< 1 Min.' : `${minutes} Min.`;
}

const states = {
  'list.state.new': 'neu',
  'list.state.open': 'offen',
  'list.state.pending-reminder': 'warten (Erinnerung)',
  'list.state.pending-auto-close': 'warten (autom. schließen)',
  'list.state.closed-successful': 'geschlossen (erfolgreich)',
  'list.state.closed-unsuccessful': 'geschlossen (erfolglos)',
  'list.state.merged': 'zusammengefasst',
} satisfies Record<`list.state.${TicketState}`, string>;

const types = {
  'list.type.incident': 'Störung',
  'list.type.service-request': 'Serviceanfrage',
  'list.type.complaint': 'Beschwerde',
} satisfies Record<`list.type.${TicketType}`, string>;

const sortKeys = {
  'list.sort.nearest-due': 'nächste Fälligkeit',
  'list.sort.number': 'Ticketnummer',
  'list.sort.title': 'Titel',
  'list.sort.customer': 'Kunde',
  'list.sort.institution': 'Institution',
  'list.sort.state': 'Status',
  'list.sort.priority': 'Priorität',
  'list.sort.owner': 'Besitzer',
  'list.sort.age': 'Alter',
  'list.sort.first-response-due': 'Erste Reaktion',
  'list.sort.update-due': 'Aktualisierung',
  'list.sort.solution-due': 'Lösung',
} satisfies Record<`list.sort.${TicketSortKey}`, string>;

/** German messages of the workspace: queue tree, ticket list, recent tickets, keyboard map. */
export const deWorkspace = {
  'workspace.nav': 'Queues und Ansichten',
  'workspace.back': 'Zurück',
  'workspace.main': 'Arbeitsbereich',

  'agent-menu.open': (name: string) => `${name}: Angaben zur Anmeldung`,

  'queues.title': 'Queues',
  'queues.views': 'Ansichten',
  'queues.view.mine': 'Meine Tickets',
  'queues.view.my-locked': 'Meine gesperrten Tickets',
  'queues.view.escalated': 'Eskaliert',
  'queues.view.reminders-due': 'Fällige Erinnerungen',
  'queues.loading': 'Queues werden geladen …',
  'queues.failed': 'Queues können nicht angezeigt werden',
  'queues.none': 'Sie haben noch keine Queues. Sie erscheinen, sobald die Synchronisierung sie geliefert hat.',
  'queues.column.total': 'Offen',
  'queues.column.new': 'Neu',
  'queues.column.escalated': 'Esk.',
  'queues.column.mine': 'Meine',
  'queues.counts': (total: number, fresh: number, escalated: number, mine: number) =>
    `${n(total)} offen, ${n(fresh)} neu, ${n(escalated)} eskaliert, ${n(mine)} meine`,
  'queues.view-count': (count: number) => (count === 1 ? '1 Ticket' : `${n(count)} Tickets`),
  'queues.group-only': 'Gruppe ohne eigene Tickets',

  'recent.title': 'Zuletzt geöffnet',
  'recent.none': 'Noch keine Tickets geöffnet.',
  'recent.close': (label: string) => `${label} aus der Liste entfernen`,
  'recent.unavailable': 'nicht mehr verfügbar',
  'recent.loading': 'wird geladen …',

  'list.title.queue': (name: string) => `Queue ${name}`,
  'list.title.institution': (name: string) => `Offene Tickets: ${name}`,
  'list.count': (total: number) => (total === 1 ? '1 Ticket' : `${n(total)} Tickets`),
  'list.loading': 'Tickets werden geladen …',
  'list.failed': 'Tickets können nicht angezeigt werden',
  'list.empty': 'Keine Tickets in dieser Ansicht.',
  'list.empty-filtered': 'Keine Tickets passen zu den Filtern.',
  'list.table': (title: string) => `Tickets: ${title}`,
  'list.row-loading': 'Zeile wird geladen …',
  'list.sorted-by': (column: string, descending: boolean) => `Sortiert nach ${column}, ${descending ? 'absteigend' : 'aufsteigend'}`,
  'list.sort-default': 'Nach nächster Fälligkeit sortieren',
  'list.column.number': 'Nummer',
  'list.column.title': 'Titel',
  'list.column.customer': 'Kunde',
  'list.column.institution': 'Institution',
  'list.column.state': 'Status',
  'list.column.priority': 'Prio.',
  'list.column.owner': 'Besitzer',
  'list.column.age': 'Alter',
  'list.column.first-response-due': 'Reaktion',
  'list.column.update-due': 'Aktualis.',
  'list.column.solution-due': 'Lösung',
  'list.priority': (priority: number) => ['', '1 sehr hoch', '2 hoch', '3 normal', '4 niedrig', '5 sehr niedrig'][priority] ?? String(priority),
  'list.no-owner': 'niemand',
  'list.no-customer': 'intern',
  'list.name-unknown': 'unbekannt',
  'list.locked': 'gesperrt',
  'list.pending': 'ausstehend',
  'list.pending-detail': 'Ihre Änderung ist gespeichert und wird gesendet; Kontor Server hat sie noch nicht bestätigt.',
  'list.rejected': 'abgelehnt',
  'list.conflict': 'Konflikt',
  'list.age': durationDe,
  ...states,
  ...types,
  ...sortKeys,

  'sla.running': (left: string) => `noch ${left}`,
  'sla.warning': (left: string) => `Warnung, noch ${left}`,
  'sla.breached': (over: string) => `überfällig ${over}`,
  'sla.paused': 'pausiert',
  'sla.met': 'erfüllt',
  'sla.missed': 'verfehlt',
  'sla.none': '–',
  'sla.none-long': 'keine Frist',
  'sla.clock.first-response': 'Erste Reaktion',
  'sla.clock.update': 'Aktualisierung',
  'sla.clock.solution': 'Lösung',
  'sla.described': (clock: string, status: string, due: string | null) => `${clock}: ${status}${due === null ? '' : `, fällig ${due}`}`,
  'sla.working-time': (duration: string) => `${duration} Arbeitszeit`,
  'sla.duration': durationDe,
  'sla.duration-short': shortDurationDe,

  'filters.title': 'Filter',
  'filters.state': 'Status',
  /** No state chosen: the list shows the open ones (closed only when chosen). */
  'filters.state.open': 'alle offenen',
  'filters.priority': 'Priorität',
  'filters.owner': 'Besitzer',
  'filters.owner.me': 'ich',
  'filters.owner.none': 'niemand',
  'filters.locked': 'Sperre',
  'filters.locked.any': 'alle',
  'filters.locked.yes': 'gesperrt',
  'filters.locked.no': 'nicht gesperrt',
  'filters.institution': 'Institution',
  'filters.institution.hint': 'Name eingeben …',
  'filters.type': 'Typ',
  'filters.any': 'alle',
  'filters.reset': 'Filter zurücksetzen',

  'keys.title': 'Tastenkürzel',
  'keys.open-map': 'Tastenkürzel anzeigen',
  'keys.section.navigation': 'Bewegen',
  'keys.section.list': 'Ticketliste',
  'keys.section.ticket': 'Ticket',
  'keys.show-map': 'Diese Übersicht anzeigen',
  'keys.search': 'Suche öffnen',
  'keys.go-queues': 'Zur Queue-Liste springen',
  'keys.go-list': 'Zur Ticketliste springen',
  'keys.next': 'Nächstes Ticket',
  'keys.previous': 'Vorheriges Ticket',
  'keys.first-last': 'Erstes / letztes Ticket',
  'keys.page': 'Seite weiter / zurück',
  'keys.open': 'Ticket öffnen',
  'keys.back': 'Zurück zur Liste',
  'keys.new-phone-ticket': 'Neues Telefonticket',
  'keys.note': 'Interne Notiz schreiben',
  'keys.reply': 'Antwort an den Kunden schreiben (für Kunden sichtbar)',
  'keys.move': 'In eine andere Queue verschieben',
  'keys.pend': 'Auf Warten setzen (mit Erinnerung)',
  'keys.close-ticket': 'Ticket schließen',
  'keys.lock': 'Sperren / Entsperren',
  'keys.owner': 'Besitzer ändern',
  'keys.time': 'Zeit buchen',
  'keys.submit': 'Im Formular: absenden',
  'keys.then': 'dann',
  'keys.or': 'oder',
  'keys.close': 'Schließen',
};
