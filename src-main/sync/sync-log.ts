import type { SyncStatusView } from '../../src-shared/ipc/cache.js';
import type { Logger } from '../../src-shared/node/log.js';
import type { EventBus } from '../events.js';

/**
 * Writes the sync's turns to the Desk's log, for whoever reads it after an agent said "it was
 * offline": the server lost (with what failed), the server back (after how long), the session
 * ended. Progress and the tries while offline are not logged, only the change of state.
 */
export function logSyncStates(bus: EventBus, log: Logger, now: () => number = Date.now): () => void {
  let offlineAt: number | null = null;
  let last: SyncStatusView['state'] | null = null;
  return bus.subscribe((event, payload) => {
    if (event !== 'sync.changed') return;
    const status = payload as SyncStatusView;
    if (status.state === last || status.state === 'syncing') return;
    last = status.state;
    if (status.state === 'offline') {
      offlineAt = now();
      log.warn('sync.offline', { message: status.message, unlocked: status.unlocked });
    } else if (status.state === 'online') {
      if (offlineAt !== null) log.info('sync.online-again', { offlineSeconds: Math.round((now() - offlineAt) / 100) / 10 });
      offlineAt = null;
    } else if (status.state === 'signed-out') {
      log.warn('sync.signed-out', {});
    } else {
      offlineAt = null;
    }
  });
}
