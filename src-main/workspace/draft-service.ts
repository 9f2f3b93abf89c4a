import type Database from 'better-sqlite3';
import type { Draft, DraftFields } from '../../src-shared/ipc/drafts.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { DraftStore } from '../cache/draft-store.js';
import { writeWhenFree } from '../cache/write-when-free.js';
import type { CacheService } from '../sync/cache-service.js';

const notSignedIn = () => fail('not-signed-in', 'Sign in to keep drafts.');

/**
 * The drafts channels (src-shared/ipc/drafts.ts) over the signed-in agent's cache file: one agent
 * never sees another's drafts, and they are there offline as the rest of the cache.
 */
export class DraftService {
  private store: { db: Database.Database; drafts: DraftStore } | null = null;

  constructor(
    private readonly cache: CacheService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(key: string): Result<{ draft: Draft | null }, 'not-signed-in'> {
    return this.with((drafts) => ({ draft: drafts.get(key) }));
  }

  /** Written as soon as the sync thread's transaction lets it, waiting on the event loop (write-when-free.ts). */
  save(key: string, fields: DraftFields): Promise<Result<{ savedAt: string }, 'not-signed-in'>> {
    return this.written((drafts) => drafts.save(key, fields));
  }

  discard(key: string): Promise<Result<{ discarded: boolean }, 'not-signed-in'>> {
    return this.written((drafts) => ({ discarded: drafts.discard(key) }));
  }

  list(): Result<{ drafts: { key: string; savedAt: string }[] }, 'not-signed-in'> {
    return this.with((drafts) => ({ drafts: drafts.list() }));
  }

  private with<T>(use: (drafts: DraftStore) => T): Result<T, 'not-signed-in'> {
    const done = this.cache.withCache(({ db }) => use(this.storeOf(db).drafts));
    return done === 'not-signed-in' ? notSignedIn() : ok(done);
  }

  private async written<T>(write: (drafts: DraftStore) => T): Promise<Result<T, 'not-signed-in'>> {
    const store = this.cache.withCache(({ db }) => this.storeOf(db));
    if (store === 'not-signed-in') return notSignedIn();
    const written = await writeWhenFree(store.db, () => write(store.drafts));
    return written === 'closed' ? notSignedIn() : ok(written);
  }

  private storeOf(db: Database.Database): { db: Database.Database; drafts: DraftStore } {
    if (this.store?.db !== db) this.store = { db, drafts: new DraftStore(db, this.now) };
    return this.store;
  }
}
