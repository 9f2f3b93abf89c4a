import type Database from 'better-sqlite3';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-search.js';
import * as m0003 from './0003-client.js';
import * as m0004 from './0004-offline.js';
import * as m0005 from './0005-search-keys.js';
import * as m0006 from './0006-fast-reads.js';
import * as m0007 from './0007-recent-search.js';
import * as m0008 from './0008-workspace-lists.js';
import * as m0009 from './0009-drafts.js';
import * as m0010 from './0010-notification-watches.js';
import * as m0011 from './0011-reports.js';
import * as m0012 from './0012-sort-keys.js';
import * as m0013 from './0013-name-copies.js';
import * as m0014 from './0014-notice-reads.js';
import * as m0015 from './0015-queue-counts.js';

/** One migration: its SQL, and what it must compute in code (folding texts) after that SQL, in the same transaction. */
export interface CacheMigration {
  name: string;
  sql: string;
  run?: (db: Database.Database) => void;
}

/** Every cache migration in order; a cache whose applied list is not a prefix of this is refused. */
export const cacheMigrations: readonly CacheMigration[] = [
  { name: '0001-initial', sql: m0001.sql },
  { name: '0002-search', sql: m0002.sql },
  { name: '0003-client', sql: m0003.sql },
  { name: '0004-offline', sql: m0004.sql },
  { name: '0005-search-keys', sql: m0005.sql },
  { name: '0006-fast-reads', sql: m0006.sql },
  { name: '0007-recent-search', sql: m0007.sql },
  { name: '0008-workspace-lists', sql: m0008.sql },
  { name: '0009-drafts', sql: m0009.sql },
  { name: '0010-notification-watches', sql: m0010.sql },
  { name: '0011-reports', sql: m0011.sql },
  { name: '0012-sort-keys', sql: m0012.sql, run: m0012.run },
  { name: '0013-name-copies', sql: m0013.sql },
  { name: '0014-notice-reads', sql: m0014.sql },
  { name: '0015-queue-counts', sql: m0015.sql },
];
