import type { AppInfo } from '../src-shared/ipc/app.js';
import type { KontorHandlers } from '../src-shared/ipc/contract.js';
import { ok } from '../src-shared/result.js';
import type { SessionService } from './session/session-service.js';

/** Every channel's handler, composed from the feature services. */
export function createHandlers(deps: { appInfo: AppInfo; session: SessionService }): KontorHandlers {
  const { session } = deps;
  return {
    'app.info': () => Promise.resolve(ok(deps.appInfo)),
    'session.current': () => Promise.resolve(ok(session.state())),
    'session.login': (input) => session.login(input.username, input.password),
    'session.logout': async () => ok(await session.logout()),
    'directory.searchCustomers': (input) => session.searchCustomers(input.query),
  };
}
