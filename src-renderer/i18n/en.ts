import { enNotifications } from './en-notifications.js';
import { enReports } from './en-reports.js';
import { enPhone } from './en-phone.js';
import { enSearch } from './en-search.js';
import { enTicket } from './en-ticket.js';
import { enWorkspace } from './en-workspace.js';
import { formatCount, roughDuration } from './format.js';
import type { Messages } from './messages.js';
import { minutesToWait } from './wait.js';

const n = (value: number): string => formatCount('en', value);

function etaEn(seconds: number | null): string {
  if (seconds === null) return 'Estimating time left …';
  const { hours, minutes } = roughDuration(seconds);
  if (hours === 0) return minutes === 0 ? 'less than a minute left' : `about ${minutes} min left`;
  return minutes === 0 ? `about ${hours} h left` : `about ${hours} h ${minutes} min left`;
}

function waitEn(seconds: number): string {
  const minutes = minutesToWait(seconds);
  if (minutes === 0) return 'a moment (less than a minute)';
  return minutes === 1 ? 'about one minute' : `about ${minutes} minutes`;
}

export const en = {
  'app.name': 'Kontor Desk',
  'app.loading': 'Loading Kontor Desk …',
  'app.start-failed': 'Kontor Desk could not fetch your sign-in status.',
  'app.retry': 'Try again',
  'app.footer.label': 'About this program',
  'app.footer.version': (version: string) => `Version ${version}`,
  'app.footer.host.electron': 'Desktop application',
  'app.footer.host.browser': 'Browser host (development and tests)',
  'app.footer.server.embedded': (url: string) => `Kontor Server: embedded (${url})`,
  'app.footer.server.remote': (url: string) => `Kontor Server: ${url}`,

  'connection.connecting': 'Connecting to Kontor Desk …',
  'connection.reconnecting': 'The connection to the Kontor Desk background service was lost. Reconnecting …',
  'connection.unavailable':
    'This address carries no valid access key. Please open Kontor Desk again with “npm run start:browser”.',

  'language.label': 'Language',

  'login.title': 'Sign in',
  'login.intro': 'Sign in with the user name and password of your company directory account.',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.show-password': 'Show password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in …',
  'login.username-required': 'Please enter your user name.',
  'login.failed': 'Sign-in not possible',

  'shell.signed-in-as': 'Signed in:',
  'shell.logout': 'Sign out',
  'shell.logout-failed': 'Sign-out not possible',

  'agent.title': 'Signed in as',
  'agent.display-name': 'Name',
  'agent.username': 'User name',
  'agent.dn': 'Directory DN',
  'agent.id': 'Stable ID',
  'agent.email': 'E-mail',
  'agent.roles': 'Roles',
  'agent.no-roles': 'No roles assigned.',
  'agent.permissions': 'Permissions per group',
  'agent.permissions.group': 'Group',
  'agent.permissions.rights': 'Rights',
  'agent.permissions.none': 'No permissions granted.',

  'directory-status.label': 'Directory connection:',
  'directory-status.connected': 'connected',
  'directory-status.reconnecting': 'interrupted, reconnecting …',

  'sync.label': 'Synchronisation',
  'sync.state.starting': 'Starting …',
  'sync.state.online': 'Up to date',
  'sync.state.snapshot': 'Initial sync',
  'sync.state.resync': 'Resyncing',
  'sync.state.log': 'Syncing …',
  'sync.state.offline': (since: string) => `Offline since ${since}`,
  'sync.state.unlocked': 'Opened offline',
  'sync.state.signed-out': 'Signed out',
  'sync.detail.online': (time: string) => `Last synchronised at ${time}.`,
  'sync.detail.offline': (message: string) =>
    `Kontor Server cannot be reached (${message}). Kontor Desk keeps trying on its own; your changes are kept.`,
  'sync.detail.unlocked': 'Opened with the offline sign-in: nothing is synchronised until you sign in again.',
  'sync.detail.signed-out': 'Kontor Server ended your session. Changes not yet sent are kept.',
  'sync.detail.syncing': (progress: string) => `Transferring changes: ${progress}.`,
  'sync.percent': (percent: number) => `${percent}%`,
  'sync.items': (items: number) => (items === 1 ? '1 item' : `${n(items)} items`),
  'sync.relogin': 'Sign in again',

  'search-index.progress': (percent: number) => `Search index ${percent}%`,
  'search-index.detail': (indexed: number, total: number) =>
    `${n(indexed)} of ${n(total)} tickets indexed. Ticket numbers and titles are searchable at once, article text once indexed.`,

  'initial-sync.title.snapshot': 'Loading your data',
  'initial-sync.title.resync': 'Reloading your data',
  'initial-sync.intro': 'Kontor Desk is transferring your tickets to this computer. What has arrived can be used already.',
  'initial-sync.items-of-total': (items: number, total: number) => `${n(items)} of ${n(total)} items`,
  'initial-sync.items': (items: number) => (items === 1 ? '1 item loaded' : `${n(items)} items loaded`),
  'initial-sync.eta': etaEn,

  'sync.state.cache-failed': (since: string) => `Cannot store since ${since}`,
  'sync.detail.cache-failed': (message: string) =>
    `Kontor Desk cannot store the copy of your tickets on this workstation right now (${message}), for example because the disk is full. Please free some space or contact IT service; Kontor Desk keeps trying.`,

  'offline-banner.title': 'Opened offline',
  'offline-banner.text': (asOf: string | null) =>
    `You are seeing your data as of the last synchronisation${asOf === null ? '' : ` (${asOf})`}. Changes are kept and sent as soon as you sign in again.`,
  'offline-banner.relogin': 'Sign in now',

  'cache-rebuilt.title': 'Copy of your tickets made afresh',
  'cache-rebuilt.text': (edits: number, drafts: number) =>
    `The file holding the copy of your tickets on this workstation was damaged. Kontor Desk is loading your tickets from the server again.${edits + drafts === 0 ? '' : ` ${edits === 1 ? '1 change not yet confirmed' : `${n(edits)} changes not yet confirmed`} and ${drafts === 1 ? '1 draft' : `${n(drafts)} drafts`} were carried over.`}`,
  'cache-rebuilt.incomplete': (file: string | null) =>
    `Not everything could be read: changes that had not been sent yet may be missing. Please check your latest changes.${file === null ? '' : ` The damaged file was kept for IT service: ${file}`}`,
  'cache-rebuilt.dismiss': 'Got it',

  'relogin.title': 'Please sign in again',
  'relogin.session-ended': 'Kontor Server ended your session. Changes not yet sent are kept and will be sent after you sign in.',
  'relogin.unlocked-offline': 'After you sign in, the changes you made offline are sent and your data is brought up to date.',

  'customers.title': 'Customer look-up',
  'customers.search': 'Search customers',
  'customers.search-hint': (min: number) => `Name, user name or e-mail address, at least ${min} characters. Arrow down moves to the matches.`,
  'customers.type-more': (min: number) => `Please type at least ${min} characters.`,
  'customers.searching': 'Searching …',
  'customers.count': (count: number) => (count === 1 ? '1 match' : `${count} matches`),
  'customers.none': (query: string) => `No matches for “${query}”.`,
  'customers.truncated': (shown: number) => `More matches than the ${shown} shown — refine your search.`,
  'customers.results': 'Customer look-up matches',
  'customers.failed': 'Search not possible',
  'customers.column.name': 'Name',
  'customers.column.username': 'User name',
  'customers.column.institution': 'Institution',
  'customers.column.email': 'E-mail',
  'customers.column.phone': 'Phone',

  'common.not-set': 'not on file',

  'right.ro': 'Read',
  'right.move_into': 'Move into',
  'right.create': 'Create',
  'right.note': 'Note',
  'right.owner': 'Owner',
  'right.priority': 'Priority',
  'right.rw': 'Full access',

  'reason.invalid-credentials': 'The user name or password is incorrect.',
  'reason.empty-password': 'Please enter your password.',
  'reason.no-agent-role': 'Your account has no agent role in Kontor. Please contact your team lead.',
  'reason.password-expired':
    'Your password has expired. Please set a new password (for example at the Windows sign-in) and then sign in again.',
  'reason.account-locked': 'Your account is locked. Please contact IT service to have it unlocked.',
  'reason.account-disabled': 'Your account is disabled. Please contact IT service.',
  'reason.too-many-attempts': 'Too many failed sign-in attempts. Please wait a few minutes and then try again.',
  'reason.too-many-attempts.retry-after': (seconds: number) =>
    `Too many failed sign-in attempts. Please wait ${waitEn(seconds)} and then try again.`,
  'reason.server-unreachable': 'Kontor Server cannot be reached. Please check your network connection and try again.',
  'reason.directory-unavailable':
    'The directory cannot be reached at the moment. Please try again in a few minutes; if the problem persists, contact IT service.',
  'reason.invalid-input': 'The input is not valid, for example too long. Please check it.',
  'reason.not-signed-in': 'You are no longer signed in. Please sign in again.',
  'reason.offline-expired':
    'Kontor Server cannot be reached, and your last sign-in with a connection is too long ago to keep working offline. Please sign in as soon as the network is back.',
  'reason.unsafe-url': 'This address is not opened: only web addresses (http or https) without a user name or password.',
  'reason.open-failed': 'The browser could not be started. Please copy the address and open it yourself.',
  'reason.save-failed': 'The file could not be saved, for example because the folder is read-only or the disk is full.',
  'reason.not-a-picture': 'This attachment is not a PNG, JPEG, GIF or WebP picture, so it is not shown in the e-mail.',
  'reason.picture-too-large': 'The picture is too large to show in the e-mail (4 MB at most). Save the attachment to look at it.',
  'reason.not-found': 'What you were looking for is not (or no longer) there. Please reload the view.',
  'reason.invalid-args': 'This change is not possible as entered, for example because a text is too long. Please check your input.',
  'reason.disconnected':
    'No connection to the Kontor Desk background service. It is being restored automatically; please try again in a moment.',
  'reason.unknown-channel': 'Internal error in Kontor Desk (unknown call). Please report this to IT service.',
  'reason.invalid-arguments': 'Internal error in Kontor Desk (invalid data). Please report this to IT service.',
  'reason.forbidden-sender': 'This call was refused for security reasons. Please restart Kontor Desk.',
  'reason.internal-error': 'Internal error in Kontor Desk. Please try again; if the error persists, report it to IT service.',
  'reason.cache-busy':
    'Kontor Desk is busy storing synchronised data, so nothing was saved. What you entered is kept – please try again in a moment.',
  'reason.cache-damaged':
    'The copy of your tickets on this workstation is damaged and is being loaded from the server again. What you entered is kept – please try again in a moment.',
  'reason.cache-unwritable':
    'The copy of your tickets on this workstation cannot be written right now, for example because the disk is full. Nothing was saved; what you entered is kept. Please free some space and try again.',
  'reason.cache-other-version':
    'The copy of your tickets on this workstation was made by another version of Kontor Desk, so it is not opened; it is left unchanged. Please ask IT service to install the current version.',
  'reason.cache-unavailable':
    'The copy of your tickets on this workstation cannot be opened right now, for example because the disk is full or the folder cannot be written. Please try again; if the problem persists, contact IT service.',
  'reason.invalid-scope': 'The service report is made for one institution: please choose an institution as the scope.',
  'reason.unknown-scope': 'This department, queue or institution is not in your data: it is outside your rights or not synchronised yet.',
  'reason.unknown-report': 'This report is no longer there (it was built too long ago). Please build it again.',
  'reason.damaged': 'This saved report is damaged: its content no longer matches its hash. It is not shown; please build it again.',
  'reason.unknown-table': 'The report has no such table. Please build the report again.',
  'reason.print-failed': 'The document could not be prepared for printing. Please try again.',
  'reason.print-unavailable': 'Kontor Desk cannot print on this computer. Save the report as a PDF and print the file.',
  'reason.unknown': 'Unknown error. Please try again; if the error persists, report it to IT service.',
  ...enWorkspace,
  ...enTicket,
  ...enPhone,
  ...enSearch,
  ...enNotifications,
  ...enReports,
} satisfies Messages;
