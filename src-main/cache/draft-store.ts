import type Database from 'better-sqlite3';
import { draftFieldsSchema, type Draft, type DraftFields } from '../../src-shared/ipc/drafts.js';

interface DraftRow {
  key: string;
  fields: string;
  saved_at: string;
}

/**
 * The agent's drafts in their cache file (migration 0009). Each save replaces the draft in one
 * statement, so a crash leaves the previous or the new draft, never half of one; with WAL and
 * `synchronous=NORMAL` a save survives the Desk's crash (the operating system's crash may take
 * the last saves, as for every other write of the cache).
 */
export class DraftStore {
  private readonly select: Database.Statement<[string], DraftRow>;
  private readonly upsert: Database.Statement<[string, string, string]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly all: Database.Statement<[], Pick<DraftRow, 'key' | 'saved_at'>>;

  constructor(
    db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.select = db.prepare('SELECT "key", "fields", "saved_at" FROM drafts WHERE "key" = ?');
    this.upsert = db.prepare('INSERT INTO drafts ("key", "fields", "saved_at") VALUES (?, ?, ?) ON CONFLICT ("key") DO UPDATE SET "fields" = excluded."fields", "saved_at" = excluded."saved_at"');
    this.remove = db.prepare('DELETE FROM drafts WHERE "key" = ?');
    this.all = db.prepare('SELECT "key", "saved_at" FROM drafts ORDER BY "saved_at" DESC, "key"');
  }

  get(key: string): Draft | null {
    const row = this.select.get(key);
    if (row === undefined) return null;
    // Written by this class from checked fields; checked again so that a damaged row is dropped, not shown.
    const fields = draftFieldsSchema.safeParse(JSON.parse(row.fields));
    if (!fields.success) {
      this.remove.run(key);
      return null;
    }
    return { key: row.key, fields: fields.data, savedAt: row.saved_at };
  }

  save(key: string, fields: DraftFields): { savedAt: string } {
    const savedAt = this.now().toISOString();
    this.upsert.run(key, JSON.stringify(fields), savedAt);
    return { savedAt };
  }

  discard(key: string): boolean {
    return this.remove.run(key).changes > 0;
  }

  list(): { key: string; savedAt: string }[] {
    return this.all.all().map((row) => ({ key: row.key, savedAt: row.saved_at }));
  }
}
