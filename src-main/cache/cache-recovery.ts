import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CacheRebuilt } from '../../src-shared/ipc/cache.js';
import { cacheFileName, damagedCopyName, openCache } from './cache-file.js';
import { CacheMigrationMismatchError } from './migrate.js';
import { agentOwnTables } from './reset.js';

/** The agent's cache cannot be opened; `kind` says whether trying again can help. */
export class CacheUnusableError extends Error {
  constructor(
    /** `other-version`: written by another Kontor Desk, left untouched; `unavailable`: the file or its folder cannot be used now (disk full, no access, …). */
    readonly kind: 'other-version' | 'unavailable',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CacheUnusableError';
  }
}

/** SQLite's word for a file that is not (or no longer) a readable database: the cache is to be made afresh. */
export function isCacheDamage(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB');
}

/** The operating system's words for a disk that is full or cannot be written (a file of the user-data folder). */
const unwritableFileCodes: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EACCES', 'EPERM']);

/**
 * The Desk's own files on this workstation cannot be written now — SQLite's cache on a full disk,
 * an I/O error, a read-only or vanished file, or a download or staged attachment that found the
 * disk full — as opposed to damage: trying again later can help, nothing is to be made afresh.
 */
export function isCacheUnwritable(error: unknown): boolean {
  if (error instanceof Database.SqliteError) return ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN'].some((code) => error.code.startsWith(code));
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && unwritableFileCodes.has(error.code);
}

const fileSuffixes = ['', '-wal', '-shm'] as const;

/** The Electron build of better-sqlite3 where it runs (cache-file.ts), and the clock that names a damaged copy. */
export interface CacheOpenOptions {
  nativeBinding?: string | undefined;
  now?: () => Date;
}

/**
 * Opens the agent's cache (cache-file.ts `openCache`). A damaged file — SQLite finds it is not a
 * database, or its schema or migrations cannot be read — is not the end of the agent's work: the
 * tickets are the server's and come again with a fresh bootstrap, so the file is set aside, a
 * fresh cache is made, and what only this workstation holds (agentOwnTables: the outbox with its
 * staged files, drafts, the client id, notification choices, saved reports) is read over row by
 * row. When all of it was read, the damaged file goes (it holds tickets the agent may no longer
 * see); when not, it is kept beside the cache for IT, so that nothing typed is destroyed, and the
 * answer says so. A cache of another Kontor Desk version is refused untouched (migrate.ts), and
 * any other failure (no access, disk full) is reported as such: both as CacheUnusableError.
 */
export function openAgentCache(
  dir: string,
  agentId: string,
  options: CacheOpenOptions = {},
): { db: Database.Database; rebuilt: CacheRebuilt | null } {
  const binding = options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding };
  try {
    return { db: openCache(dir, agentId, binding), rebuilt: null };
  } catch (error) {
    if (error instanceof CacheMigrationMismatchError) throw new CacheUnusableError('other-version', error.message, { cause: error });
    if (!isCacheDamage(error)) throw unavailable(error);
    return rebuildAgentCache(dir, agentId, error instanceof Error ? error.message : String(error), options);
  }
}

/**
 * Sets the agent's cache file aside as damaged (`damage`: what SQLite said) and opens a fresh one
 * with the agent's own data read over, as `openAgentCache` describes. Every connection to the
 * file must be closed first. Also called when the damage shows only later, in a page the sync or
 * a screen reads (CacheService.damaged).
 */
export function rebuildAgentCache(
  dir: string,
  agentId: string,
  damage: string,
  options: CacheOpenOptions = {},
): { db: Database.Database; rebuilt: CacheRebuilt } {
  const binding = options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding };
  const at = (options.now ?? (() => new Date()))();
  const file = path.join(dir, cacheFileName(agentId));
  const damaged = setAside(file, at);
  let db: Database.Database;
  let saved: ReturnType<typeof salvage>;
  try {
    db = openCache(dir, agentId, binding);
    try {
      saved = salvage(damaged, db, binding);
    } catch (failed) {
      db.close();
      throw failed;
    }
  } catch (failed) {
    // Nothing was carried over (a full disk): the damaged file goes back where it was, so that the
    // next try finds it again and reads the agent's edits over then, instead of opening an empty cache.
    removeFiles(file);
    moveFiles(damaged, file);
    throw unavailable(failed);
  }
  if (saved.complete) removeFiles(damaged);
  else rmSync(`${damaged}-shm`, { force: true });
  return {
    db,
    rebuilt: {
      at: at.toISOString(),
      damage,
      editsSaved: saved.editsSaved,
      draftsSaved: saved.draftsSaved,
      complete: saved.complete,
      keptFile: saved.complete ? null : damaged,
    },
  };
}

function unavailable(error: unknown): CacheUnusableError {
  const message = error instanceof Error ? `${error.message}${'code' in error && typeof error.code === 'string' ? ` (${error.code})` : ''}` : String(error);
  return new CacheUnusableError('unavailable', `the offline cache cannot be opened: ${message}`, { cause: error });
}

/** Renames the cache file with its WAL and shared memory to the damaged copy's name; returns that name. */
function setAside(file: string, at: Date): string {
  const aside = damagedCopyName(file, at);
  moveFiles(file, aside);
  return aside;
}

/** Renames a database file with its WAL and shared memory. */
function moveFiles(from: string, to: string): void {
  for (const suffix of fileSuffixes) {
    if (existsSync(`${from}${suffix}`)) renameSync(`${from}${suffix}`, `${to}${suffix}`);
  }
}

function removeFiles(file: string): void {
  for (const suffix of fileSuffixes) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Reads the agent's own tables of the damaged file into the fresh cache, in one transaction, row
 * by row so that the rows before a damaged page are kept. A table the damaged file does not have
 * (an older version's) is nothing missing; a column it lacks takes the fresh table's default.
 */
function salvage(damaged: string, fresh: Database.Database, binding: { nativeBinding?: string }): { editsSaved: number; draftsSaved: number; complete: boolean } {
  let source: Database.Database;
  try {
    source = new Database(damaged, { fileMustExist: true, ...binding });
  } catch {
    return { editsSaved: 0, draftsSaved: 0, complete: false };
  }
  let complete = true;
  const saved = { edits: 0, drafts: 0 };
  try {
    const tables = new Set(source.prepare(`SELECT "name" FROM sqlite_schema WHERE "type" = 'table'`).pluck().all() as string[]);
    fresh.transaction(() => {
      for (const table of agentOwnTables) {
        if (!tables.has(table)) continue;
        const theirs = new Set(source.prepare(`SELECT * FROM "${table}" LIMIT 0`).columns().map((column) => column.name));
        const columns = fresh.prepare(`SELECT * FROM "${table}" LIMIT 0`).columns().map((column) => column.name).filter((name) => theirs.has(name));
        const list = columns.map((name) => `"${name}"`).join(', ');
        const insert = fresh.prepare(`INSERT OR REPLACE INTO "${table}" (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
        // Edits the server has applied only wait for the feed: the count is of those it has not confirmed.
        const status = table === 'outbox' ? columns.indexOf('status') : -1;
        try {
          for (const row of source.prepare(`SELECT ${list} FROM "${table}"`).raw(true).iterate() as IterableIterator<unknown[]>) {
            try {
              insert.run(row);
            } catch (refused) {
              // A staged file whose edit was lost, a row the fresh schema does not take: not saved.
              if (!(refused instanceof Database.SqliteError) || !refused.code.startsWith('SQLITE_CONSTRAINT')) throw refused;
              complete = false;
              continue;
            }
            if (table === 'drafts') saved.drafts += 1;
            if (status >= 0 && row[status] !== 'applied') saved.edits += 1;
          }
        } catch (unreadable) {
          if (!isCacheDamage(unreadable)) throw unreadable;
          complete = false;
        }
      }
    })();
  } catch (unreadable) {
    // Not even the list of tables could be read: nothing of the agent's was saved.
    if (!isCacheDamage(unreadable)) throw unreadable;
    return { editsSaved: 0, draftsSaved: 0, complete: false };
  } finally {
    source.close();
  }
  return { editsSaved: saved.edits, draftsSaved: saved.drafts, complete };
}
