import type { Right } from '../../src-shared/permissions.js';
import { deNotifications } from './de-notifications.js';
import { deReports } from './de-reports.js';
import { dePhone } from './de-phone.js';
import { deSearch } from './de-search.js';
import { deTicket } from './de-ticket.js';
import { deWorkspace } from './de-workspace.js';
import { formatCount, roughDuration } from './format.js';
import type { KnownReason } from './known-reasons.js';
import { minutesToWait } from './wait.js';

const n = (value: number): string => formatCount('de', value);

/** Messages for every failure reason, written for bank staff: what happened and what to do. */
const reasons = {
  'reason.invalid-credentials': 'Benutzername oder Passwort ist falsch.',
  'reason.empty-password': 'Bitte geben Sie Ihr Passwort ein.',
  'reason.no-agent-role': 'Ihr Konto hat keine Agentenrolle in Kontor. Wenden Sie sich an Ihre Teamleitung.',
  'reason.password-expired':
    'Ihr Passwort ist abgelaufen. Bitte vergeben Sie ein neues Passwort (etwa bei der Windows-Anmeldung) und melden Sie sich dann erneut an.',
  'reason.account-locked': 'Ihr Konto ist gesperrt. Wenden Sie sich an den IT-Service, um es entsperren zu lassen.',
  'reason.account-disabled': 'Ihr Konto ist deaktiviert. Wenden Sie sich an den IT-Service.',
  'reason.too-many-attempts':
    'Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
  'reason.server-unreachable':
    'Kontor Server ist nicht erreichbar. Bitte prüfen Sie Ihre Netzwerkverbindung und versuchen Sie es erneut.',
  'reason.directory-unavailable':
    'Das Verzeichnis ist derzeit nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut; besteht das Problem weiter, wenden Sie sich an den IT-Service.',
  'reason.invalid-input': 'Die Eingabe ist ungültig, zum Beispiel zu lang. Bitte prüfen Sie sie.',
  'reason.not-signed-in': 'Sie sind nicht mehr angemeldet. Bitte melden Sie sich erneut an.',
  'reason.offline-expired':
    'Kontor Server ist nicht erreichbar, und Ihre letzte Anmeldung mit Verbindung liegt zu lange zurück, um offline weiterzuarbeiten. Bitte melden Sie sich an, sobald das Netzwerk wieder verfügbar ist.',
  'reason.unsafe-url': 'Diese Adresse wird nicht geöffnet: nur Webadressen (http oder https) ohne Benutzername und Passwort.',
  'reason.open-failed': 'Der Browser konnte nicht gestartet werden. Bitte kopieren Sie die Adresse und öffnen Sie sie selbst.',
  'reason.save-failed': 'Die Datei konnte nicht gespeichert werden, zum Beispiel weil der Ordner schreibgeschützt oder der Datenträger voll ist.',
  'reason.not-a-picture': 'Dieser Anhang ist kein Bild im Format PNG, JPEG, GIF oder WebP und wird deshalb nicht in der E-Mail gezeigt.',
  'reason.picture-too-large': 'Das Bild ist zu groß, um es in der E-Mail zu zeigen (höchstens 4 MB). Speichern Sie den Anhang, um es anzusehen.',
  'reason.not-found': 'Das Gesuchte ist nicht (mehr) vorhanden. Bitte laden Sie die Ansicht neu.',
  'reason.invalid-args': 'Die Änderung ist so nicht möglich, zum Beispiel weil ein Text zu lang ist. Bitte prüfen Sie Ihre Eingabe.',
  'reason.disconnected':
    'Keine Verbindung zum Hintergrunddienst von Kontor Desk. Sie wird automatisch wiederhergestellt; bitte versuchen Sie es gleich noch einmal.',
  'reason.unknown-channel': 'Interner Fehler in Kontor Desk (unbekannter Aufruf). Bitte melden Sie dies dem IT-Service.',
  'reason.invalid-arguments': 'Interner Fehler in Kontor Desk (ungültige Daten). Bitte melden Sie dies dem IT-Service.',
  'reason.forbidden-sender': 'Dieser Aufruf wurde aus Sicherheitsgründen abgelehnt. Bitte starten Sie Kontor Desk neu.',
  'reason.internal-error':
    'Interner Fehler in Kontor Desk. Bitte versuchen Sie es erneut; bleibt der Fehler, melden Sie ihn dem IT-Service.',
  'reason.cache-busy':
    'Kontor Desk speichert gerade synchronisierte Daten, daher wurde nichts gespeichert. Ihre Eingabe bleibt erhalten – bitte versuchen Sie es gleich noch einmal.',
  'reason.cache-damaged':
    'Die Kopie Ihrer Tickets auf diesem Arbeitsplatz ist beschädigt und wird gerade neu vom Server geladen. Ihre Eingabe bleibt erhalten – bitte versuchen Sie es gleich noch einmal.',
  'reason.cache-unwritable':
    'Die Kopie Ihrer Tickets auf diesem Arbeitsplatz kann gerade nicht gespeichert werden, zum Beispiel weil der Datenträger voll ist. Es wurde nichts gespeichert; Ihre Eingabe bleibt erhalten. Bitte geben Sie Speicherplatz frei und versuchen Sie es erneut.',
  'reason.cache-other-version':
    'Die Kopie Ihrer Tickets auf diesem Arbeitsplatz wurde von einer anderen Version von Kontor Desk angelegt und wird deshalb nicht geöffnet; sie bleibt unverändert. Bitte wenden Sie sich an den IT-Service, um die aktuelle Version zu installieren.',
  'reason.cache-unavailable':
    'Die Kopie Ihrer Tickets auf diesem Arbeitsplatz kann gerade nicht geöffnet werden, zum Beispiel weil der Datenträger voll ist oder der Ordner nicht beschrieben werden kann. Bitte versuchen Sie es erneut; besteht das Problem weiter, wenden Sie sich an den IT-Service.',
  'reason.invalid-scope': 'Der Servicebericht wird für ein Institut erstellt: Bitte wählen Sie als Umfang ein Institut.',
  'reason.unknown-scope':
    'Diese Abteilung, Queue oder dieses Institut ist nicht in Ihren Daten: Es liegt außerhalb Ihrer Rechte oder ist noch nicht synchronisiert.',
  'reason.unknown-report': 'Dieser Bericht liegt nicht mehr vor (er wurde vor zu langer Zeit erstellt). Bitte erstellen Sie ihn neu.',
  'reason.damaged':
    'Dieser gespeicherte Bericht ist beschädigt: Sein Inhalt passt nicht mehr zu seinem Hash. Er wird nicht gezeigt; bitte erstellen Sie ihn neu.',
  'reason.unknown-table': 'Diese Tabelle gibt es in dem Bericht nicht. Bitte erstellen Sie den Bericht neu.',
  'reason.print-failed': 'Das Dokument konnte nicht für den Druck aufbereitet werden. Bitte versuchen Sie es erneut.',
  'reason.print-unavailable': 'Auf diesem Rechner kann Kontor Desk nicht drucken. Speichern Sie den Bericht als PDF und drucken Sie die Datei.',
  'reason.unknown': 'Unbekannter Fehler. Bitte versuchen Sie es erneut; bleibt der Fehler, melden Sie ihn dem IT-Service.',
} satisfies Record<`reason.${KnownReason}` | 'reason.unknown', string>;

function etaDe(seconds: number | null): string {
  if (seconds === null) return 'Restzeit wird ermittelt …';
  const { hours, minutes } = roughDuration(seconds);
  if (hours === 0) return minutes === 0 ? 'noch weniger als 1 Min.' : `noch etwa ${minutes} Min.`;
  return minutes === 0 ? `noch etwa ${hours} Std.` : `noch etwa ${hours} Std. ${minutes} Min.`;
}

function waitDe(seconds: number): string {
  const minutes = minutesToWait(seconds);
  if (minutes === 0) return 'noch einen Moment (weniger als eine Minute)';
  return minutes === 1 ? 'etwa eine Minute' : `etwa ${minutes} Minuten`;
}

/** Reason messages for a failure that carries more than its reason; without it, the plain one above. */
const reasonDetails = {
  'reason.too-many-attempts.retry-after': (seconds: number) =>
    `Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie ${waitDe(seconds)} und versuchen Sie es dann erneut.`,
};

const rights = {
  'right.ro': 'Lesen',
  'right.move_into': 'Hineinverschieben',
  'right.create': 'Erstellen',
  'right.note': 'Notiz',
  'right.owner': 'Besitzer',
  'right.priority': 'Priorität',
  'right.rw': 'Vollzugriff',
} satisfies Record<`right.${Right}`, string>;

/** The German dictionary: the default, and the source of the message keys. */
export const de = {
  'app.name': 'Kontor Desk',
  'app.loading': 'Kontor Desk wird geladen …',
  'app.start-failed': 'Kontor Desk konnte Ihren Anmeldestatus nicht abrufen.',
  'app.retry': 'Erneut versuchen',
  'app.footer.label': 'Programminformationen',
  'app.footer.version': (version: string) => `Version ${version}`,
  'app.footer.host.electron': 'Desktop-Anwendung',
  'app.footer.host.browser': 'Browser-Host (Entwicklung und Tests)',
  'app.footer.server.embedded': (url: string) => `Kontor Server: eingebettet (${url})`,
  'app.footer.server.remote': (url: string) => `Kontor Server: ${url}`,

  'connection.connecting': 'Verbindung zu Kontor Desk wird aufgebaut …',
  'connection.reconnecting': 'Verbindung zum Hintergrunddienst von Kontor Desk unterbrochen. Sie wird automatisch wiederhergestellt …',
  'connection.unavailable':
    'Diese Adresse enthält keinen gültigen Zugangsschlüssel. Bitte öffnen Sie Kontor Desk über „npm run start:browser“ neu.',

  'language.label': 'Sprache',

  'login.title': 'Anmeldung',
  'login.intro': 'Melden Sie sich mit Ihrem Benutzernamen und Passwort aus dem Unternehmensverzeichnis an.',
  'login.username': 'Benutzername',
  'login.password': 'Passwort',
  'login.show-password': 'Passwort anzeigen',
  'login.submit': 'Anmelden',
  'login.submitting': 'Anmeldung läuft …',
  'login.username-required': 'Bitte geben Sie Ihren Benutzernamen ein.',
  'login.failed': 'Anmeldung nicht möglich',

  'shell.signed-in-as': 'Angemeldet:',
  'shell.logout': 'Abmelden',
  'shell.logout-failed': 'Abmeldung nicht möglich',

  'agent.title': 'Angemeldet als',
  'agent.display-name': 'Name',
  'agent.username': 'Benutzername',
  'agent.dn': 'Verzeichnis-DN',
  'agent.id': 'Stabile ID',
  'agent.email': 'E-Mail',
  'agent.roles': 'Rollen',
  'agent.no-roles': 'Keine Rollen zugeordnet.',
  'agent.permissions': 'Berechtigungen je Gruppe',
  'agent.permissions.group': 'Gruppe',
  'agent.permissions.rights': 'Rechte',
  'agent.permissions.none': 'Keine Berechtigungen vergeben.',

  'directory-status.label': 'Verzeichnisverbindung:',
  'directory-status.connected': 'verbunden',
  'directory-status.reconnecting': 'unterbrochen, wird wiederhergestellt …',

  'sync.label': 'Synchronisierung',
  'sync.state.starting': 'Wird vorbereitet …',
  'sync.state.online': 'Synchronisiert',
  'sync.state.snapshot': 'Erstsynchronisierung',
  'sync.state.resync': 'Neuabgleich',
  'sync.state.log': 'Synchronisiere …',
  'sync.state.offline': (since: string) => `Offline seit ${since}`,
  'sync.state.cache-failed': (since: string) => `Speichern gestört seit ${since}`,
  'sync.state.unlocked': 'Offline geöffnet',
  'sync.state.signed-out': 'Abgemeldet',
  'sync.detail.online': (time: string) => `Zuletzt synchronisiert um ${time}.`,
  'sync.detail.offline': (message: string) =>
    `Kontor Server ist nicht erreichbar (${message}). Kontor Desk versucht es automatisch weiter; Ihre Änderungen bleiben gespeichert.`,
  'sync.detail.cache-failed': (message: string) =>
    `Kontor Desk kann die Kopie Ihrer Tickets auf diesem Arbeitsplatz gerade nicht speichern (${message}), zum Beispiel weil der Datenträger voll ist. Bitte geben Sie Speicherplatz frei oder wenden Sie sich an den IT-Service; Kontor Desk versucht es automatisch weiter.`,
  'sync.detail.unlocked': 'Mit der Offline-Anmeldung geöffnet: Es wird nichts synchronisiert, bis Sie sich wieder anmelden.',
  'sync.detail.signed-out': 'Kontor Server hat Ihre Sitzung beendet. Ihre noch nicht gesendeten Änderungen bleiben gespeichert.',
  'sync.detail.syncing': (progress: string) => `Änderungen werden übertragen: ${progress}.`,
  'sync.percent': (percent: number) => `${percent} %`,
  'sync.items': (items: number) => (items === 1 ? '1 Eintrag' : `${n(items)} Einträge`),
  'sync.relogin': 'Bitte erneut anmelden',

  'search-index.progress': (percent: number) => `Suchindex ${percent} %`,
  'search-index.detail': (indexed: number, total: number) =>
    `${n(indexed)} von ${n(total)} Tickets indiziert. Ticketnummern und Titel sind sofort durchsuchbar, Artikeltexte sobald sie indiziert sind.`,

  'initial-sync.title.snapshot': 'Ihre Daten werden geladen',
  'initial-sync.title.resync': 'Ihre Daten werden neu abgeglichen',
  'initial-sync.intro': 'Kontor Desk überträgt Ihre Tickets auf diesen Rechner. Was schon geladen ist, können Sie bereits nutzen.',
  'initial-sync.items-of-total': (items: number, total: number) => `${n(items)} von ${n(total)} Einträgen`,
  'initial-sync.items': (items: number) => (items === 1 ? '1 Eintrag geladen' : `${n(items)} Einträge geladen`),
  'initial-sync.eta': etaDe,

  'offline-banner.title': 'Offline geöffnet',
  'offline-banner.text': (asOf: string | null) =>
    `Sie sehen den Stand Ihrer letzten Synchronisierung${asOf === null ? '' : ` (${asOf})`}. Änderungen werden gespeichert und gesendet, sobald Sie sich wieder anmelden.`,
  'offline-banner.relogin': 'Jetzt anmelden',

  'cache-rebuilt.title': 'Kopie Ihrer Tickets neu angelegt',
  'cache-rebuilt.text': (edits: number, drafts: number) =>
    `Die Datei mit der Kopie Ihrer Tickets auf diesem Arbeitsplatz war beschädigt. Kontor Desk lädt Ihre Tickets neu vom Server.${edits + drafts === 0 ? '' : ` ${edits === 1 ? '1 noch nicht bestätigte Änderung' : `${n(edits)} noch nicht bestätigte Änderungen`} und ${drafts === 1 ? '1 Entwurf' : `${n(drafts)} Entwürfe`} wurden übernommen.`}`,
  'cache-rebuilt.incomplete': (file: string | null) =>
    `Nicht alles ließ sich lesen: Änderungen, die noch nicht gesendet waren, können fehlen. Bitte prüfen Sie Ihre letzten Änderungen.${file === null ? '' : ` Die beschädigte Datei wurde für den IT-Service aufbewahrt: ${file}`}`,
  'cache-rebuilt.dismiss': 'Verstanden',

  'relogin.title': 'Bitte melden Sie sich erneut an',
  'relogin.session-ended':
    'Kontor Server hat Ihre Sitzung beendet. Ihre noch nicht gesendeten Änderungen sind gespeichert und werden nach der Anmeldung gesendet.',
  'relogin.unlocked-offline': 'Nach der Anmeldung werden Ihre offline gespeicherten Änderungen gesendet und Ihre Daten aktualisiert.',

  'customers.title': 'Kundensuche',
  'customers.search': 'Kunden suchen',
  'customers.search-hint': (min: number) => `Name, Benutzername oder E-Mail-Adresse, mindestens ${min} Zeichen. Pfeil nach unten führt zu den Treffern.`,
  'customers.type-more': (min: number) => `Bitte mindestens ${min} Zeichen eingeben.`,
  'customers.searching': 'Suche läuft …',
  'customers.count': (count: number) => (count === 1 ? '1 Treffer' : `${count} Treffer`),
  'customers.none': (query: string) => `Keine Treffer für „${query}“.`,
  'customers.truncated': (shown: number) =>
    `Es gibt mehr Treffer als die ${shown} angezeigten. Bitte verfeinern Sie die Suche.`,
  'customers.results': 'Treffer der Kundensuche',
  'customers.failed': 'Suche nicht möglich',
  'customers.column.name': 'Name',
  'customers.column.username': 'Benutzername',
  'customers.column.institution': 'Institution',
  'customers.column.email': 'E-Mail',
  'customers.column.phone': 'Telefon',

  'common.not-set': 'nicht hinterlegt',

  ...rights,
  ...reasons,
  ...reasonDetails,
  ...deWorkspace,
  ...deTicket,
  ...dePhone,
  ...deSearch,
  ...deNotifications,
  ...deReports,
};
