import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../src-shared/ipc/app.js';
import type { KontorHandlers } from '../src-shared/ipc/contract.js';
import { createDirectory } from '../src-shared/node/directory/index.js';
import type { Logger } from '../src-shared/node/log.js';
import { deskConfigSchema, loadDeskConfig, type DeskConfig, type DeskConfigInput } from './config.js';
import { startEmbeddedServer, type EmbeddedServer } from './embedded/embedded-server.js';
import { EventBus } from './events.js';
import type { HostPlatform } from './hosts/platform.js';
import { ServerClient } from './net/server-client.js';
import { NotificationService } from './notifications/notification-service.js';
import { NotificationWatcher } from './notifications/notification-watcher.js';
import { createHandlers } from './services.js';
import { OfflineUnlocker } from './session/offline-unlock.js';
import { SessionService } from './session/session-service.js';
import { sqliteNativeBinding } from './cache/native-binding.js';
import { logSyncStates } from './sync/sync-log.js';
import { CacheService } from './sync/cache-service.js';
import { DraftService } from './workspace/draft-service.js';
import { WorkspaceService } from './workspace/workspace-service.js';
import { ReportService } from './reports/report-service.js';
import { hasRight } from '../src-shared/permissions.js';

/** The main-process services, whichever host carries them to the renderer. */
export interface Desk {
  handlers: KontorHandlers;
  bus: EventBus;
  appInfo: AppInfo;
  /** A channel found the cache damaged (createDispatcher's hook): it is made afresh. */
  cacheDamaged: (message: string) => void;
  close(): Promise<void>;
}

export interface DeskOptions {
  /** Configuration to use instead of loading it (tests); defaults filled in as from a file. */
  config?: DeskConfigInput;
  /** Where the built server lives (`out/server/index.mjs`), for the embedded default. */
  serverEntry: string;
  version: string;
}

/** Loads the configuration, starts the embedded server where configured, wires the services. */
export async function startDesk(platform: HostPlatform, log: Logger, options: DeskOptions): Promise<Desk> {
  const config: DeskConfig = options.config ? deskConfigSchema.parse(options.config) : loadDeskConfig(platform.userDataDir, platform.resourcesDir).config;
  let embedded: EmbeddedServer | null = null;
  let endpoint: { url: string; ca?: string };
  if ('embedded' in config.server) {
    embedded = await startEmbeddedServer({ serverEntry: options.serverEntry, dataDir: path.join(platform.userDataDir, 'server'), log });
    endpoint = { url: embedded.url };
  } else {
    endpoint = { url: config.server.url, ...(config.server.caFile ? { ca: readFileSync(config.server.caFile, 'utf8') } : {}) };
  }
  const server = new ServerClient(endpoint);
  const bus = new EventBus();
  const stopSyncLog = logSyncStates(bus, log);
  const cache = new CacheService({
    dir: platform.userDataDir,
    server,
    bus,
    nativeBinding: sqliteNativeBinding(path.resolve(platform.resourcesDir, '..')),
    retentionMonths: config.cache.retentionMonths,
    attachmentCacheBytes: config.cache.attachmentCacheMegabytes * 1024 * 1024,
    // The session is made below; a cache is damaged only once someone signed in.
    onRebuilt: (outcome) => void session.cacheRebuilt(outcome),
  });
  const offline = new OfflineUnlocker(path.join(platform.userDataDir, 'offline'), { maxDays: config.cache.offlineUnlockDays });
  const session = new SessionService(
    server,
    (dn, password) => createDirectory(config.directory, { dn, password }),
    bus,
    log,
    { signedIn: (agentId, token) => cache.start(agentId, token), signedOut: () => cache.stop(), revoked: (agentId) => cache.discard(agentId) },
    offline,
  );
  const permissions = () => {
    const state = session.state();
    return state.state === 'signed-in' ? state.signedIn.permissions : null;
  };
  const workspace = new WorkspaceService({ cache, bus, permissions });
  // The main process decides, the host shows: Electron itself, the browser host through the renderer.
  const watcher = new NotificationWatcher({
    cache,
    bus,
    log,
    notify: (notice) => (platform.notify ? platform.notify(notice) : bus.emit('notifications.show', notice)),
  });
  const notifications = new NotificationService(watcher, permissions);
  const reports = new ReportService({
    cache,
    agent: () => {
      const state = session.state();
      return state.state === 'signed-in' ? { id: state.signedIn.agent.id, name: state.signedIn.agent.displayName } : null;
    },
    readable: (group) => hasRight(permissions() ?? {}, group, 'ro'),
    retentionMonths: config.cache.retentionMonths,
    filesDir: path.join(platform.userDataDir, 'report-files'),
    printToPdf: (request) => platform.printToPdf(request),
    ...(platform.print ? { print: platform.print.bind(platform) } : {}),
    ...(platform.preparePrint ? { preparePrint: platform.preparePrint.bind(platform) } : {}),
    saveFile: (request) => platform.saveFile(request),
    progress: (progress) => bus.emit('reports.progress', progress),
  });
  const appInfo: AppInfo = { version: options.version, host: platform.kind, server: { url: endpoint.url, embedded: embedded !== null } };
  return {
    handlers: createHandlers({ appInfo, session, cache, workspace, drafts: new DraftService(cache), notifications, reports, openExternal: (url) => platform.openExternal(url), saveFile: (request) => platform.saveFile(request) }),
    bus,
    appInfo,
    cacheDamaged: (message) => void cache.damaged(message),
    async close() {
      await session.logout().catch(() => undefined);
      await session.close();
      watcher.close();
      await cache.stop();
      stopSyncLog();
      await embedded?.stop();
    },
  };
}
