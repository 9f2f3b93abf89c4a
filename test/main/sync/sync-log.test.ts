import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/events.js';
import { logSyncStates } from '../../../src-main/sync/sync-log.js';
import type { SyncStatusView } from '../../../src-shared/ipc/cache.js';
import type { Logger } from '../../../src-shared/node/log.js';

const index = { indexed: 3, total: 3 };
const online: SyncStatusView = { state: 'online', at: '2026-12-03T09:00:00.000Z', index };
const offline = (message: string): SyncStatusView => ({ state: 'offline', since: '2026-12-03T09:00:01.000Z', message, lastSynced: null, index, unlocked: false, cause: 'server' });
const syncing: SyncStatusView = { state: 'syncing', phase: 'log', items: 4, total: null, etaSeconds: null };

describe("the sync's turns in the Desk's log", () => {
  it('tells the server lost once with what failed, and back with how long it was away; not every try or page', () => {
    const lines: [string, string, Record<string, unknown> | undefined][] = [];
    const log: Logger = {
      info: (event, fields) => lines.push(['info', event, fields]),
      warn: (event, fields) => lines.push(['warn', event, fields]),
      error: (event, fields) => lines.push(['error', event, fields]),
    };
    let clock = 0;
    const bus = new EventBus();
    const stop = logSyncStates(bus, log, () => clock);
    for (const status of [online, syncing, online, offline('connect ECONNREFUSED'), offline('socket hang up'), offline('connect ECONNREFUSED')]) bus.emit('sync.changed', status);
    clock = 12_340;
    for (const status of [syncing, online, { state: 'signed-out' } as const]) bus.emit('sync.changed', status);
    stop();
    bus.emit('sync.changed', offline('after the Desk closed'));
    expect(lines).toEqual([
      ['warn', 'sync.offline', { message: 'connect ECONNREFUSED', unlocked: false }],
      ['info', 'sync.online-again', { offlineSeconds: 12.3 }],
      ['warn', 'sync.signed-out', {}],
    ]);
  });
});
