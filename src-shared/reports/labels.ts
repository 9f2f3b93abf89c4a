import type { ReportKind, ReportScope } from './model.js';

/**
 * The words of the reports in German and English, shared by the renderer (screen and print) and
 * the main process (CSV and xlsx headers), so that a table reads the same everywhere.
 */
export type ReportLanguage = 'de' | 'en';

interface Words {
  kinds: Record<ReportKind, string>;
  /** Section headings and the "how it is counted" line under each. */
  sections: Record<string, { title: string; explanation: string }>;
  /** Table titles (also the sheet names of a workbook, at most 31 characters). */
  tables: Record<string, string>;
  columns: Record<string, string>;
  terms: Record<string, string>;
}

const de: Words = {
  kinds: {
    sla: 'SLA-Erfüllung',
    volume: 'Ticketaufkommen',
    times: 'Reaktions- und Lösungszeiten',
    'time-accounting': 'Zeiterfassung',
    complaints: 'Beschwerden',
    'institution-service': 'Servicebericht für das Institut',
  },
  sections: {
    'sla-clocks': { title: 'SLA-Erfüllung je Uhr', explanation: 'Tickets, die im Zeitraum erstellt wurden. Verletzt: die Uhr war einmal überfällig. Erfüllt: angehalten, beantwortet oder geschlossen, ohne Verletzung. Läuft: noch offen.' },
    'sla-groups': { title: 'SLA-Erfüllung nach Queue, Institut, Priorität und Woche', explanation: 'Erfüllt: Tickets ohne verletzte Uhr; Erfüllungsquote = erfüllt / Tickets. Queue und Institut sind die aktuellen des Tickets.' },
    'sla-offenders': { title: 'Verletzte SLAs', explanation: 'Jede verletzte Uhr eines Tickets aus dem Zeitraum, nach Überschreitung in Arbeitszeit (Minuten über dem Ziel), die größte zuerst.' },
    'volume-flow': { title: 'Zugang, Abgang und Bestand', explanation: 'Erstellt: neue Tickets. Geschlossen: Wechsel in „erfolgreich/erfolglos geschlossen“. Wiedereröffnet: Wechsel aus einem geschlossenen Status. Bestand: nicht geschlossene Tickets zu Beginn und am Ende des Abschnitts.' },
    'volume-mix': { title: 'Nach Kanal, Typ und Queue', explanation: 'Kanal: der des ersten Artikels. Queue: die aktuelle des Tickets.' },
    'first-level': { title: 'Lösungsquote im First Level', explanation: 'Im Zeitraum geschlossene Tickets, die im First Level (ServiceLine) erstellt wurden, und wie viele davon nie verschoben wurden.' },
    'times-summary': { title: 'Zeiten', explanation: 'Erstreaktion und Lösung in Arbeitszeit, wie der Server sie gezählt hat (Tickets aus dem Zeitraum). Erste Verschiebung: Kalenderzeit von der Erstellung im First Level bis zur ersten Verschiebung. Median und 90 %-Wert nach Rang.' },
    'times-distribution': { title: 'Verteilung', explanation: 'Tickets je Spanne der Arbeitszeit in Minuten (untere Grenze eingeschlossen).' },
    'time-accounting': { title: 'Erfasste Zeit', explanation: 'Zeitbuchungen, die im Zeitraum erfasst wurden, nach Abteilung und Queue (aktuelle des Tickets), Institut und Bearbeiter. Jede Tabelle summiert sich zur selben Gesamtzeit.' },
    'complaints': { title: 'Beschwerden', explanation: 'Tickets vom Typ Beschwerde, die im Zeitraum erstellt wurden, gezählt wie im SLA-Bericht.' },
    'service': { title: 'Ihre Tickets', explanation: 'Tickets Ihres Instituts, die im Zeitraum erstellt wurden, mit Status und SLA-Erfüllung.' },
  },
  tables: {
    'sla-clocks': 'SLA je Uhr',
    'sla-by-queue': 'SLA nach Queue',
    'sla-by-institution': 'SLA nach Institut',
    'sla-by-priority': 'SLA nach Priorität',
    'sla-by-week': 'SLA nach Woche',
    'sla-offenders': 'Verletzte SLAs',
    'volume-flow': 'Zugang und Bestand',
    'volume-by-channel': 'Nach Kanal',
    'volume-by-type': 'Nach Typ',
    'volume-by-queue': 'Nach Queue',
    'first-level': 'First Level',
    'times-summary': 'Zeiten',
    'times-first-response-distribution': 'Verteilung Erstreaktion',
    'times-solution-distribution': 'Verteilung Lösung',
    'time-by-department': 'Zeit nach Abteilung',
    'time-by-queue': 'Zeit nach Queue',
    'time-by-institution': 'Zeit nach Institut',
    'time-by-agent': 'Zeit nach Bearbeiter',
    'complaints-clocks': 'Beschwerden je Uhr',
    'complaints-by-queue': 'Beschwerden nach Queue',
    'complaints-by-institution': 'Beschwerden nach Institut',
    'service-clocks': 'SLA je Uhr',
    'service-flow': 'Zugang und Bestand',
    'service-by-type': 'Nach Typ',
    'service-times': 'Zeiten',
    'service-tickets': 'Tickets',
  },
  columns: {
    clock: 'Uhr',
    met: 'Erfüllt',
    breached: 'Verletzt',
    running: 'Läuft',
    tickets: 'Tickets',
    'met-percent': 'Erfüllt %',
    'breached-percent': 'Verletzt %',
    queue: 'Queue',
    institution: 'Institut',
    priority: 'Priorität',
    bucket: 'Ab',
    compliant: 'Erfüllt',
    'breached-tickets': 'Verletzt',
    'first-response-breached': 'Erstreaktion verletzt',
    'update-breached': 'Aktualisierung verletzt',
    'solution-breached': 'Lösung verletzt',
    'compliance-percent': 'Erfüllungsquote %',
    number: 'Ticketnummer',
    title: 'Titel',
    'over-minutes': 'Überschritten (Min.)',
    created: 'Erstellt',
    closed: 'Geschlossen',
    reopened: 'Wiedereröffnet',
    'backlog-start': 'Bestand Beginn',
    'backlog-end': 'Bestand Ende',
    channel: 'Kanal',
    type: 'Typ',
    measure: 'Messgröße',
    median: 'Median (Min.)',
    p90: '90 %-Wert (Min.)',
    average: 'Mittel (Min.)',
    range: 'Minuten',
    percent: 'Anteil %',
    department: 'Abteilung',
    agent: 'Bearbeiter',
    entries: 'Buchungen',
    minutes: 'Minuten',
    'closed-first-level': 'Geschlossen (First Level)',
    'resolved-first-level': 'Ohne Verschiebung gelöst',
    'rate-percent': 'Quote %',
    'created-date': 'Erstellt am',
    state: 'Status',
    'first-response': 'Erstreaktion',
    solution: 'Lösung',
  },
  terms: {
    total: 'Summe',
    none: '(ohne)',
    'first-response': 'Erstreaktion',
    update: 'Aktualisierung',
    solution: 'Lösung',
    'first-move': 'Erste Verschiebung (Kalenderzeit)',
    'first-level': 'First Level',
    met: 'erfüllt',
    breached: 'verletzt',
    running: 'läuft',
    phone: 'Telefon',
    email: 'E-Mail',
    portal: 'Portal',
    note: 'Notiz',
    incident: 'Störung',
    'service-request': 'Serviceanfrage',
    complaint: 'Beschwerde',
    new: 'neu',
    open: 'offen',
    'pending-reminder': 'warten mit Erinnerung',
    'pending-auto-close': 'warten auf Schließen',
    'closed-successful': 'erfolgreich geschlossen',
    'closed-unsuccessful': 'erfolglos geschlossen',
    merged: 'zusammengefasst',
    'priority-1': '1 sehr niedrig',
    'priority-2': '2 niedrig',
    'priority-3': '3 normal',
    'priority-4': '4 hoch',
    'priority-5': '5 sehr hoch',
    'range-0': '0–30',
    'range-30': '30–60',
    'range-60': '60–120',
    'range-120': '120–240',
    'range-240': '240–480',
    'range-480': '480–960',
    'range-960': '960–1920',
    'range-1920': '1920 und mehr',
  },
};

const en: Words = {
  kinds: {
    sla: 'SLA compliance',
    volume: 'Ticket volume',
    times: 'Response and solution times',
    'time-accounting': 'Time accounting',
    complaints: 'Complaints',
    'institution-service': 'Service report for the institution',
  },
  sections: {
    'sla-clocks': { title: 'SLA compliance per clock', explanation: 'Tickets created in the period. Breached: the clock was overdue once. Met: stopped, answered or closed without a breach. Running: not decided yet.' },
    'sla-groups': { title: 'SLA compliance by queue, institution, priority and week', explanation: 'Compliant: tickets without a breached clock; compliance = compliant / tickets. Queue and institution are the ticket’s current ones.' },
    'sla-offenders': { title: 'Breached SLAs', explanation: 'Every breached clock of a ticket created in the period, by how much working time it is late (minutes over target), the largest first.' },
    'volume-flow': { title: 'Created, closed and backlog', explanation: 'Created: new tickets. Closed: changes into “closed successful/unsuccessful”. Reopened: changes out of a closed state. Backlog: tickets not closed at the start and the end of each step.' },
    'volume-mix': { title: 'By channel, type and queue', explanation: 'Channel: that of the first article. Queue: the ticket’s current one.' },
    'first-level': { title: 'First-level resolution', explanation: 'Tickets closed in the period that were created in the first level (ServiceLine), and how many of them were never moved.' },
    'times-summary': { title: 'Times', explanation: 'First response and solution in working time as the server counted them (tickets created in the period). First move: calendar time from creation in the first level to the first move. Median and 90th percentile by rank.' },
    'times-distribution': { title: 'Distribution', explanation: 'Tickets per range of working minutes (lower bound included).' },
    'time-accounting': { title: 'Accounted time', explanation: 'Time entries made in the period, by department and queue (the ticket’s current one), institution and agent. Every table adds up to the same total.' },
    'complaints': { title: 'Complaints', explanation: 'Tickets of type complaint created in the period, counted as in the SLA report.' },
    'service': { title: 'Your tickets', explanation: 'Tickets of your institution created in the period, with their state and SLA compliance.' },
  },
  tables: {
    'sla-clocks': 'SLA per clock',
    'sla-by-queue': 'SLA by queue',
    'sla-by-institution': 'SLA by institution',
    'sla-by-priority': 'SLA by priority',
    'sla-by-week': 'SLA by week',
    'sla-offenders': 'Breached SLAs',
    'volume-flow': 'Flow and backlog',
    'volume-by-channel': 'By channel',
    'volume-by-type': 'By type',
    'volume-by-queue': 'By queue',
    'first-level': 'First level',
    'times-summary': 'Times',
    'times-first-response-distribution': 'First response distribution',
    'times-solution-distribution': 'Solution distribution',
    'time-by-department': 'Time by department',
    'time-by-queue': 'Time by queue',
    'time-by-institution': 'Time by institution',
    'time-by-agent': 'Time by agent',
    'complaints-clocks': 'Complaints per clock',
    'complaints-by-queue': 'Complaints by queue',
    'complaints-by-institution': 'Complaints by institution',
    'service-clocks': 'SLA per clock',
    'service-flow': 'Flow and backlog',
    'service-by-type': 'By type',
    'service-times': 'Times',
    'service-tickets': 'Tickets',
  },
  columns: {
    clock: 'Clock',
    met: 'Met',
    breached: 'Breached',
    running: 'Running',
    tickets: 'Tickets',
    'met-percent': 'Met %',
    'breached-percent': 'Breached %',
    queue: 'Queue',
    institution: 'Institution',
    priority: 'Priority',
    bucket: 'From',
    compliant: 'Compliant',
    'breached-tickets': 'Breached',
    'first-response-breached': 'First response breached',
    'update-breached': 'Update breached',
    'solution-breached': 'Solution breached',
    'compliance-percent': 'Compliance %',
    number: 'Ticket number',
    title: 'Title',
    'over-minutes': 'Over by (min)',
    created: 'Created',
    closed: 'Closed',
    reopened: 'Reopened',
    'backlog-start': 'Backlog at start',
    'backlog-end': 'Backlog at end',
    channel: 'Channel',
    type: 'Type',
    measure: 'Measure',
    median: 'Median (min)',
    p90: '90th percentile (min)',
    average: 'Average (min)',
    range: 'Minutes',
    percent: 'Share %',
    department: 'Department',
    agent: 'Agent',
    entries: 'Entries',
    minutes: 'Minutes',
    'closed-first-level': 'Closed (first level)',
    'resolved-first-level': 'Solved without a move',
    'rate-percent': 'Rate %',
    'created-date': 'Created on',
    state: 'State',
    'first-response': 'First response',
    solution: 'Solution',
  },
  terms: {
    total: 'Total',
    none: '(none)',
    'first-response': 'First response',
    update: 'Update',
    solution: 'Solution',
    'first-move': 'First move (calendar time)',
    'first-level': 'First level',
    met: 'met',
    breached: 'breached',
    running: 'running',
    phone: 'Phone',
    email: 'E-mail',
    portal: 'Portal',
    note: 'Note',
    incident: 'Incident',
    'service-request': 'Service request',
    complaint: 'Complaint',
    new: 'new',
    open: 'open',
    'pending-reminder': 'pending reminder',
    'pending-auto-close': 'pending auto-close',
    'closed-successful': 'closed successful',
    'closed-unsuccessful': 'closed unsuccessful',
    merged: 'merged',
    'priority-1': '1 very low',
    'priority-2': '2 low',
    'priority-3': '3 normal',
    'priority-4': '4 high',
    'priority-5': '5 very high',
    'range-0': '0–30',
    'range-30': '30–60',
    'range-60': '60–120',
    'range-120': '120–240',
    'range-240': '240–480',
    'range-480': '480–960',
    'range-960': '960–1920',
    'range-1920': '1920 and more',
  },
};

export const reportWords: Record<ReportLanguage, Words> = { de, en };

/** A column's header; an unknown key is shown as it is rather than hidden. */
export function columnLabel(language: ReportLanguage, key: string): string {
  return reportWords[language].columns[key] ?? key;
}

export function tableLabel(language: ReportLanguage, id: string): string {
  return reportWords[language].tables[id] ?? id;
}

export function termLabel(language: ReportLanguage, term: string): string {
  return reportWords[language].terms[term] ?? term;
}

interface PrintWords {
  dataAsOf: string;
  neverSynced: string;
  generatedBy: string;
  generated: string;
  on: string;
  page: string;
  of: string;
  weeklyPack: string;
  week: string;
  hash: string;
  /** A scope in words, as the page says it (`all`: the queues the lead may read). */
  scopes: { all: string; department: string; queue: string; institution: string };
}

/** Words of the printed page around the reports (header, footer, cover). */
export const printWords: Record<ReportLanguage, PrintWords> = {
  de: {
    dataAsOf: 'Daten vom', neverSynced: 'nie synchronisiert', generatedBy: 'erstellt von', generated: 'erstellt am', on: 'am', page: 'Seite', of: 'von',
    weeklyPack: 'Wochenbericht', week: 'KW', hash: 'Prüfsumme',
    scopes: { all: 'Alle Queues, die Sie lesen dürfen', department: 'Abteilung', queue: 'Queue', institution: 'Institut' },
  },
  en: {
    dataAsOf: 'Data as of', neverSynced: 'never synced', generatedBy: 'generated by', generated: 'generated on', on: 'on', page: 'Page', of: 'of',
    weeklyPack: 'Weekly report', week: 'week', hash: 'Hash',
    scopes: { all: 'Every queue you may read', department: 'Department', queue: 'Queue', institution: 'Institution' },
  },
};

/** A local date (`YYYY-MM-DD`) as the language writes it: 02.03.2026, 02/03/2026. */
export function localDateText(language: ReportLanguage, date: string): string {
  const [year = '', month = '', day = ''] = date.split('-');
  return language === 'de' ? `${day}.${month}.${year}` : `${day}/${month}/${year}`;
}

/** A report's scope in words: "Abteilung: settlement", "Alle Queues, die Sie lesen dürfen". */
export function scopeWords(language: ReportLanguage, scope: ReportScope, scopeName: string | null): string {
  const words = printWords[language].scopes;
  if (scope.kind === 'all') return words.all;
  const name = scopeName ?? (scope.kind === 'department' ? scope.group : scope.kind === 'queue' ? scope.queueId : scope.institutionId);
  return `${words[scope.kind]}: ${name}`;
}
