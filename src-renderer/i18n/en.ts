import type { Messages } from './messages.js';
import { minutesToWait } from './wait.js';

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
  'reason.disconnected':
    'No connection to the Kontor Desk background service. It is being restored automatically; please try again in a moment.',
  'reason.unknown-channel': 'Internal error in Kontor Desk (unknown call). Please report this to IT service.',
  'reason.invalid-arguments': 'Internal error in Kontor Desk (invalid data). Please report this to IT service.',
  'reason.forbidden-sender': 'This call was refused for security reasons. Please restart Kontor Desk.',
  'reason.internal-error': 'Internal error in Kontor Desk. Please try again; if the error persists, report it to IT service.',
  'reason.unknown': 'Unknown error. Please try again; if the error persists, report it to IT service.',
} satisfies Messages;
