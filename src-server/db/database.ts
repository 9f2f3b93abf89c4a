import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PostgresListener } from './postgres-listener.js';

export type SqlValue = string | number | boolean | null | Date | Buffer | readonly string[];

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** The SQL the server runs; the same statements on PostgreSQL (pg) and PGlite. */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs `work` in one transaction; rolls back if it throws. `opening` (SQL without parameters,
   * say a lock and a SAVEPOINT) runs right after BEGIN, sent with it in one round trip.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel` (LISTEN/NOTIFY: several server instances on
   * one database hear each other). `onReconnect` runs after the listening connection was lost
   * and restored, when notifications may have been missed. Resolves to an unsubscribe function.
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /** Statements without parameters that run first in the transaction. */
  opening?: string;
}

export function openPostgres(connectionString: string, options: { max?: number } = {}): Database {
  // A transaction left open by a stuck client must not hold locks (or the feed) for long.
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, idle_in_transaction_session_timeout: 30_000 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const listener = new PostgresListener(connectionString);
  return {
    listen: (channel, onNotify, onReconnect) => listener.listen(channel, onNotify, onReconnect),
    kind: 'postgres',
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
      const result = await pool.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      const client = await pool.connect();
      try {
        // Without parameters pg uses the simple protocol, which takes several statements at once.
        await client.query(options.opening === undefined ? 'BEGIN' : `BEGIN; ${options.opening}`);
        const tx: Queryable = {
          async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
            const result = await client.query<Row>(sql, params as unknown[]);
            return { rows: result.rows, rowCount: result.rowCount ?? 0 };
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        };
        const value = await work(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

/** PGlite in a data folder (or in memory without one): the embedded default's database. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir);
  // PGlite is a single connection: transactions are serialised by PGlite itself.
  return {
    kind: 'pglite',
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
      const result = await db.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: pgliteRowCount(result) };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    transaction<T>(work: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      return db.transaction(async (t) => {
        if (options.opening !== undefined) await t.exec(options.opening);
        return work({
          async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
            const result = await t.query<Row>(sql, params as unknown[]);
            return { rows: result.rows, rowCount: pgliteRowCount(result) };
          },
          async exec(sql: string) {
            await t.exec(sql);
          },
        });
      });
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      const unsubscribe = await db.listen(channel, onNotify);
      return unsubscribe;
    },
    close: () => db.close(),
  };
}

/** PGlite reports 0 affected rows for a SELECT; the row count is what callers mean. */
function pgliteRowCount(result: { affectedRows?: number; rows: unknown[] }): number {
  return Math.max(result.affectedRows ?? 0, result.rows.length);
}
