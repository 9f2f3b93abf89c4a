import type { NoticeKind, NoticeLanguage, NotificationSettings } from '../../src-shared/ipc/notifications.js';
import { hasRight, type Permissions } from '../../src-shared/permissions.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';
import { writeWhenFree } from '../cache/write-when-free.js';
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
  async setWatch(queueId: string, watched: boolean): Promise<Result<NotificationSettings, 'not-signed-in' | 'not-found'>> {
    const read = await this.written((store) => {
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
  async setKind(kind: NoticeKind, enabled: boolean): Promise<Result<NotificationSettings, 'not-signed-in'>> {
    const read = await this.written((store) => store.setKind(kind, enabled));
    return read === 'not-signed-in' ? notSignedIn() : this.settings();
  }

  async setLanguage(language: NoticeLanguage): Promise<Result<NotificationSettings, 'not-signed-in'>> {
    const read = await this.written((store) => store.setLanguage(language));
    return read === 'not-signed-in' ? notSignedIn() : this.settings();
  }

  /** Writes on the open cache once the sync thread lets it, waiting on the event loop (write-when-free.ts). */
  private async written<T>(write: (store: NotificationStore) => T): Promise<T | 'not-signed-in'> {
    const store = this.watcher.withStore((open) => open);
    if (store === 'not-signed-in') return store;
    const done = await writeWhenFree(store.db, () => write(store));
    return done === 'closed' ? 'not-signed-in' : done;
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
