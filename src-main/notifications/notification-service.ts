import type { NoticeKind, NoticeLanguage, NotificationSettings } from '../../src-shared/ipc/notifications.js';
import { hasRight, type Permissions } from '../../src-shared/permissions.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';
import type { NotificationStore } from './notification-store.js';
import type { NotificationWatcher } from './notification-watcher.js';

const notSignedIn = () => fail('not-signed-in', 'Sign in to change notifications.');
/** Queue names in German dictionary order, as in the queue tree. */
const byName = new Intl.Collator('de', { sensitivity: 'base' });

/** The notification settings channels (`notifications.*`), over the store of the open cache. */
export class NotificationService {
  constructor(
    private readonly watcher: NotificationWatcher,
    /** The rights of the signed-in agent (SessionService), null when no one is signed in. */
    private readonly permissions: () => Permissions | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  settings(): Result<NotificationSettings, 'not-signed-in'> {
    const read = this.watcher.withStore((store) => this.settingsOf(store));
    return read === 'not-signed-in' ? notSignedIn() : ok(read);
  }

  /** Watches a queue the agent may read, or stops watching it; its tickets until now stay untold. */
  setWatch(queueId: string, watched: boolean): Result<NotificationSettings, 'not-signed-in' | 'not-found'> {
    const read = this.watcher.withStore((store) => {
      const readable = this.readableQueues(store).some((queue) => queue.queueId === queueId);
      if (watched && !readable) return 'not-found' as const;
      store.setWatch(queueId, watched, this.now());
      return null;
    });
    if (read === 'not-signed-in') return notSignedIn();
    if (read === 'not-found') return fail('not-found', `The queue ${queueId} is not one you may read.`);
    if (watched) this.watcher.baseline();
    return this.settings();
  }

  /** Switches a kind of notice on or off; events while it was off are not told later. */
  setKind(kind: NoticeKind, enabled: boolean): Result<NotificationSettings, 'not-signed-in'> {
    const read = this.watcher.withStore((store) => store.setKind(kind, enabled));
    return read === 'not-signed-in' ? notSignedIn() : this.settings();
  }

  setLanguage(language: NoticeLanguage): Result<NotificationSettings, 'not-signed-in'> {
    const read = this.watcher.withStore((store) => store.setLanguage(language));
    return read === 'not-signed-in' ? notSignedIn() : this.settings();
  }

  private settingsOf(store: NotificationStore): NotificationSettings {
    const watched = store.watchedQueues();
    return {
      kinds: store.kinds(),
      queues: this.readableQueues(store).map((queue) => ({ ...queue, watched: watched.has(queue.queueId) })),
      language: store.language(),
    };
  }

  /** Valid queues of groups where the agent holds `ro` (or `rw`), by name: the ones they may watch. */
  private readableQueues(store: NotificationStore): { queueId: string; name: string }[] {
    const permissions = this.permissions() ?? {};
    return (store.db.prepare('SELECT * FROM queues WHERE "valid" = 1').all() as Record<string, unknown>[])
      .map((row) => entityFromCacheRow('queue', row))
      .filter((queue) => hasRight(permissions, queue.group, 'ro'))
      .map((queue) => ({ queueId: queue.id, name: queue.name }))
      .sort((a, b) => byName.compare(a.name, b.name));
  }
}
