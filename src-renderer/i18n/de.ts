import type { Right } from '../../src-shared/permissions.js';
import type { KnownReason } from './known-reasons.js';
import { minutesToWait } from './wait.js';

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
  'reason.disconnected':
    'Keine Verbindung zum Hintergrunddienst von Kontor Desk. Sie wird automatisch wiederhergestellt; bitte versuchen Sie es gleich noch einmal.',
  'reason.unknown-channel': 'Interner Fehler in Kontor Desk (unbekannter Aufruf). Bitte melden Sie dies dem IT-Service.',
  'reason.invalid-arguments': 'Interner Fehler in Kontor Desk (ungültige Daten). Bitte melden Sie dies dem IT-Service.',
  'reason.forbidden-sender': 'Dieser Aufruf wurde aus Sicherheitsgründen abgelehnt. Bitte starten Sie Kontor Desk neu.',
  'reason.internal-error':
    'Interner Fehler in Kontor Desk. Bitte versuchen Sie es erneut; bleibt der Fehler, melden Sie ihn dem IT-Service.',
  'reason.unknown': 'Unbekannter Fehler. Bitte versuchen Sie es erneut; bleibt der Fehler, melden Sie ihn dem IT-Service.',
} satisfies Record<`reason.${KnownReason}` | 'reason.unknown', string>;

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
};
