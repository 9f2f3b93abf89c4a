import path from 'node:path';
import { EventBus } from '../../../../src-main/events.js';
import { ServerClient } from '../../../../src-main/net/server-client.js';
import { OfflineUnlocker } from '../../../../src-main/session/offline-unlock.js';
import { SessionService } from '../../../../src-main/session/session-service.js';
import { CacheService } from '../../../../src-main/sync/cache-service.js';
import { DraftService } from '../../../../src-main/workspace/draft-service.js';
import { WorkspaceService } from '../../../../src-main/workspace/workspace-service.js';
import { createDirectory } from '../../../../src-shared/node/directory/index.js';
import { silentLogger } from '../../../../src-shared/node/log.js';
import { testDirectoryConfig } from '../../../harness/directory.js';
import { temporaryDirectory } from '../../../server/support/temporary.js';

export interface WorkspaceDesk {
  cache: CacheService;
  session: SessionService;
  workspace: WorkspaceService;
  drafts: DraftService;
  bus: EventBus;
  /** The workspace's clock (reminders): tests move it. */
  clock: { now: Date };
  close(): Promise<void>;
}

/** The Desk's services as desk.ts wires them (session, cache, workspace, drafts), on a fresh folder, talking to `url`. */
export function startWorkspaceDesk(url: string): WorkspaceDesk {
  const dir = temporaryDirectory('kontor-workspace-');
  const bus = new EventBus();
  const client = new ServerClient({ url }, 3000);
  const cache = new CacheService({ dir, server: client, bus, retry: { minMs: 100, maxMs: 400 } });
  const { serviceDn: _dn, servicePassword: _password, ...directory } = testDirectoryConfig();
  const session = new SessionService(
    client,
    (dn, password) => createDirectory(directory, { dn, password }),
    bus,
    silentLogger,
    { signedIn: (agentId, token) => cache.start(agentId, token), signedOut: () => cache.stop(), revoked: (agentId) => cache.discard(agentId) },
    new OfflineUnlocker(path.join(dir, 'offline'), { maxDays: 7 }),
  );
  const clock = { now: new Date() };
  const workspace = new WorkspaceService({
    cache,
    bus,
    permissions: () => {
      const state = session.state();
      return state.state === 'signed-in' ? state.signedIn.permissions : null;
    },
    now: () => clock.now,
  });
  return {
    cache,
    session,
    workspace,
    drafts: new DraftService(cache),
    bus,
    clock,
    async close() {
      await session.close();
      await cache.stop();
    },
  };
}
