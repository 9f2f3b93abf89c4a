import type { AppInfo } from '../src-shared/ipc/app.js';
import type { KontorHandlers } from '../src-shared/ipc/contract.js';
import { fail, ok, type Result } from '../src-shared/result.js';
import { shownReport, type HashedReport, type ShownReport } from '../src-shared/reports/model.js';
import { pictureDataUrl } from './cache/picture.js';
import { isSafeExternalUrl } from './hosts/platform.js';
import type { SaveFile } from './hosts/save-file.js';
import type { NotificationService } from './notifications/notification-service.js';
import type { ReportService } from './reports/report-service.js';
import type { SessionService } from './session/session-service.js';
import type { CacheService } from './sync/cache-service.js';
import type { DraftService } from './workspace/draft-service.js';
import type { WorkspaceService } from './workspace/workspace-service.js';

/** Every channel's handler, composed from the feature services. */
export function createHandlers(deps: {
  appInfo: AppInfo;
  session: SessionService;
  cache: CacheService;
  workspace: WorkspaceService;
  drafts: DraftService;
  notifications: NotificationService;
  reports: ReportService;
  /** The host's opener (HostPlatform.openExternal); the address is checked here first as well. */
  openExternal: (url: string) => Promise<void>;
  /** The host's way of saving a file (HostPlatform.saveFile). */
  saveFile: SaveFile;
}): KontorHandlers {
  const { session, cache, workspace, drafts, notifications, reports } = deps;
  return {
    'app.info': () => Promise.resolve(ok(deps.appInfo)),
    'app.openExternal': async (input) => {
      if (!isSafeExternalUrl(input.url)) return fail('unsafe-url', 'Only web addresses (http or https, without a user name or password) are opened.');
      try {
        await deps.openExternal(input.url);
        return ok({ opened: true } as const);
      } catch (error) {
        return fail('open-failed', `The browser could not be started: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    'session.current': () => Promise.resolve(ok(session.state())),
    'session.login': (input) => session.login(input.username, input.password),
    'session.logout': async () => ok(await session.logout()),
    'directory.searchCustomers': (input) => session.searchCustomers(input.query),
    'sync.status': () => Promise.resolve(ok(cache.status())),
    'tickets.queuePage': (input) => Promise.resolve(cache.queuePage(input)),
    'tickets.search': (input) => Promise.resolve(cache.search(input.query, input.limit, input.scope)),
    'tickets.get': (input) => cache.ticket(input.ticketId),
    'tickets.mutate': (input) => cache.mutate(input.name, input.args, input.baseVersion),
    'tickets.resolveEdit': (input) => cache.resolveEdit(input.mutationId, input.decision),
    'edits.failed': () => Promise.resolve(cache.failedEdits()),
    'callers.search': (input) => cache.searchCallers(input.query, (query) => session.searchCustomers(query)),
    'attachments.fetch': async (input) => {
      const found = await cache.attachmentFile(input.articleId, input.attachmentId);
      return found.ok ? ok({ attachmentId: found.value.meta.id, size: found.value.size, cached: found.value.cached }) : found;
    },
    'attachments.save': async (input) => {
      const found = await cache.attachmentFile(input.articleId, input.attachmentId);
      if (!found.ok) return found;
      try {
        return ok(await deps.saveFile({ sourceFile: found.value.file, suggestedName: found.value.meta.filename }));
      } catch (error) {
        return fail('save-failed', `The attachment could not be saved: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    'attachments.picture': async (input) => {
      const found = await cache.attachmentFile(input.articleId, input.attachmentId);
      if (!found.ok) return found;
      const picture = await pictureDataUrl(found.value.file, found.value.size);
      return picture.ok ? ok({ attachmentId: found.value.meta.id, dataUrl: picture.value }) : picture;
    },
    'queues.overview': () => Promise.resolve(workspace.overview()),
    'tickets.list': (input) => Promise.resolve(workspace.list(input)),
    'queues.choices': () => Promise.resolve(workspace.queueChoices()),
    'agents.ownerCandidates': (input) => Promise.resolve(workspace.ownerCandidates(input.queueId)),
    'drafts.get': (input) => Promise.resolve(drafts.get(input.key)),
    'drafts.save': (input) => drafts.save(input.key, input.fields),
    'drafts.discard': (input) => drafts.discard(input.key),
    'drafts.list': () => Promise.resolve(drafts.list()),
    'notifications.settings': () => Promise.resolve(notifications.settings()),
    'notifications.setWatch': (input) => notifications.setWatch(input.queueId, input.watched),
    'notifications.setKind': (input) => notifications.setKind(input.kind, input.enabled),
    'notifications.setLanguage': (input) => notifications.setLanguage(input.language),
    'reports.build': (input) => Promise.resolve(shown(reports.build(input))),
    'reports.get': (input) => Promise.resolve(shown(reports.get(input.source))),
    'reports.save': (input) => reports.save(input.hash),
    'reports.snapshots': () => Promise.resolve(reports.snapshots()),
    'reports.deleteSnapshot': (input) => reports.deleteSnapshot(input.snapshotId),
    'reports.export': (input) => reports.export(input.source, input.format, input.table, input.language),
    'reports.pdf': (input) => reports.pdf(input.sources, input.language),
    'reports.weeklyPack': (input) => reports.weeklyPack(input.scope, input.language),
    'reports.print': (input) => reports.print(input.sources, input.language),
    'reports.overview': (input) => Promise.resolve(reports.overview(input.group)),
  };
}

/** What the renderer is sent of a report: everything but the list of tickets behind it. */
function shown<R extends string>(result: Result<HashedReport, R>): Result<ShownReport, R> {
  return result.ok ? ok(shownReport(result.value)) : result;
}
