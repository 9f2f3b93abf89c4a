import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

/** SQLite's page size in the cache (the default). */
const pageSize = 4096;

/** What every open reads first (the migration runner): the migrations' table and the index it is read by. */
export const migrationsTables = ['schema_migrations', 'sqlite_autoindex_schema_migrations_1'];

/** Overwrites pages (1-based) of a closed SQLite file with garbage, as a failing disk would; page 1 is the header. */
export function damagePages(file: string, pages: readonly number[]): void {
  const fd = openSync(file, 'r+');
  try {
    for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

/** The pages of tables and indexes: their root pages (`sqlite_schema`), or every page of one with its kind (SQLite's own page map, dbstat). */
export function rootPages(file: string, names: readonly string[]): number[] {
  const db = new Database(file, { readonly: true });
  try {
    const pages = db.prepare(`SELECT "rootpage" FROM sqlite_schema WHERE "name" IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify(names)) as number[];
    if (pages.length !== names.length) throw new Error(`not every one of ${names.join(', ')} is in ${file}`);
    return pages;
  } finally {
    db.close();
  }
}

export function pagesOf(file: string, name: string): { pageno: number; pagetype: string }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT "pageno", "pagetype" FROM dbstat WHERE "name" = ? ORDER BY "pageno"`).all(name) as { pageno: number; pagetype: string }[];
  } finally {
    db.close();
  }
}

/** Overwrites the root pages of `names`. */
export function damageRoots(file: string, names: readonly string[]): void {
  damagePages(file, rootPages(file, names));
}
