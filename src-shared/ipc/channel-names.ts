/**
 * The channel and event names alone, without their schemas: the sandboxed preload needs the
 * allow-list but must stay small. `contract.ts` checks at compile time that these lists and
 * the contract agree.
 */
export const channelNames = [
  'app.info', 'app.openExternal', 'session.current', 'session.login', 'session.logout', 'directory.searchCustomers', 'sync.status', 'tickets.queuePage', 'tickets.search',
  'tickets.get',
  'tickets.mutate',
  'tickets.resolveEdit',
  'edits.failed',
  'callers.search',
  'attachments.fetch',
  'attachments.save',
  'attachments.picture',
  'queues.overview',
  'tickets.list',
  'queues.choices',
  'agents.ownerCandidates',
  'drafts.get',
  'drafts.save',
  'drafts.discard',
  'drafts.list',
  'notifications.settings',
  'notifications.setWatch',
  'notifications.setKind',
  'notifications.setLanguage',
  'reports.build',
  'reports.get',
  'reports.save',
  'reports.snapshots',
  'reports.deleteSnapshot',
  'reports.export',
  'reports.pdf',
  'reports.weeklyPack',
  'reports.print',
  'reports.overview',
] as const;
export const eventNames = ['session.changed', 'sync.changed', 'cache.changed', 'notifications.show', 'notifications.open', 'reports.progress'] as const;
export type ChannelNameLiteral = (typeof channelNames)[number];
export type EventNameLiteral = (typeof eventNames)[number];

/** Electron IPC channel that carries every pushed event. */
export const eventChannel = 'kontor:event';
