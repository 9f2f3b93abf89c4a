import type { KontorHandlers } from '../../src-shared/ipc/contract.js';
import { fail, ok } from '../../src-shared/result.js';

/**
 * Handlers for transport tests: what is under test is the dispatcher and the transports, so
 * the services behind them answer from fixed data (they are tested on their own elsewhere).
 */
export function transportTestHandlers(overrides: Partial<KontorHandlers> = {}): KontorHandlers {
  return {
    'app.info': () => Promise.resolve(ok({ version: 'test', host: 'browser', server: { url: 'http://127.0.0.1:1', embedded: false } })),
    'app.openExternal': () => Promise.resolve(fail('unsafe-url', 'not in transport tests')),
    'session.current': () => Promise.resolve(ok({ state: 'signed-out' })),
    'session.login': (input) => Promise.resolve(input.password === 'right' ? ok({ state: 'signed-out' }) : fail('invalid-credentials', 'wrong')),
    'session.logout': () => Promise.resolve(ok({ state: 'signed-out' })),
    'directory.searchCustomers': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'sync.status': () => Promise.resolve(ok({ state: 'closed' })),
    'tickets.queuePage': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'tickets.search': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'tickets.get': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'tickets.mutate': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'tickets.resolveEdit': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'edits.failed': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'callers.search': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'attachments.fetch': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'attachments.save': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'attachments.picture': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'queues.overview': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'tickets.list': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'queues.choices': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'agents.ownerCandidates': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.build': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.get': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.save': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.snapshots': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.deleteSnapshot': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.export': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.pdf': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.weeklyPack': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.print': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'reports.overview': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'drafts.get': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'drafts.save': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'drafts.discard': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'drafts.list': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'notifications.settings': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'notifications.setWatch': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'notifications.setKind': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    'notifications.setLanguage': () => Promise.resolve(fail('not-signed-in', 'sign in first')),
    ...overrides,
  };
}
