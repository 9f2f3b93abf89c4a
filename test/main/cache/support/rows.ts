import type Database from 'better-sqlite3';

/** A row of `table` as the feed would have stored it: `values` given, the other columns empty (NOT NULL ones 0 or ''). */
export function insertRow(db: Database.Database, table: string, values: Record<string, string | number | null>): void {
  const columns = db.prepare('SELECT name, type, "notnull" FROM pragma_table_info(?)').all(table) as { name: string; type: string; notnull: number }[];
  const row = Object.fromEntries(columns.map((c) => [c.name, values[c.name] !== undefined ? values[c.name] : c.notnull === 1 ? (c.type === 'INTEGER' ? 0 : '') : null]));
  db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map((c) => `@${c.name}`).join(', ')})`).run(row);
}
