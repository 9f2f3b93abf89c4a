import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { asUnavailable, isConnectionFailure } from './connection-errors.js';
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

export interface PostgresOptions {
  /** Pool size. */
  max?: number;
  /** PostgreSQL ends a session idle inside a transaction for this long (a stalled process must not hold locks). */
  idleInTransactionTimeoutMs?: number;
  /** Told about every connection PostgreSQL dropped or refused; the process stays up either way. */
  onConnectionError?: (error: Error, where: 'pool' | 'listener') => void;
}

/** How long to wait for a new connection before the request answers 503 instead of hanging. */
const connectTimeoutMs = 5_000;

export function openPostgres(connectionString: string, options: PostgresOptions = {}): Database {
  const onConnectionError = options.onConnectionError ?? (() => undefined);
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 30_000,
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
    application_name: 'kontor-server',
  });
  // pg's pool listens for errors of idle clients only: a backend terminated while its client is
  // checked out (in a transaction, a running query) would emit 'error' with no listener and end
  // the process. Every client gets a listener for its whole life; the query in flight rejects,
  // and the client is released with the error, so that the pool drops it.
  pool.on('connect', (client) => client.on('error', (error) => onConnectionError(error, 'pool')));
  // pg-pool re-emits an idle client's error here; the listener above has reported it already.
  pool.on('error', () => undefined);
  const listener = new PostgresListener(connectionString, (error) => onConnectionError(error, 'listener'));

  const connect = async (): Promise<pg.PoolClient> => {
    try {
      return await pool.connect();
    } catch (error) {
      throw asUnavailable(error);
    }
  };
  /**
   * A client inside BEGIN (with the opening statements). BEGIN failing on a dropped connection
   * (a pooled client whose backend was terminated while idle) is tried once more on a new
   * connection: nothing of the transaction has run, so that is safe.
   */
  const begin = async (opening: string | undefined): Promise<pg.PoolClient> => {
    for (let attempt = 0; ; attempt += 1) {
      const client = await connect();
      try {
        // Without parameters pg uses the simple protocol, which takes several statements at once.
        await client.query(opening === undefined ? 'BEGIN' : `BEGIN; ${opening}`);
        return client;
      } catch (error) {
        const lost = isConnectionFailure(error);
        if (!lost) await client.query('ROLLBACK').catch(() => undefined);
        client.release(lost ? asError(error) : undefined);
        if (!lost || attempt >= 1) throw asUnavailable(error);
      }
    }
  };
  return {
    listen: (channel, onNotify, onReconnect) => listener.listen(channel, onNotify, onReconnect),
    kind: 'postgres',
    async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> {
      try {
        const result = await pool.query<Row>(sql, params as unknown[]);
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      } catch (error) {
        throw asUnavailable(error);
      }
    },
    async exec(sql: string) {
      try {
        await pool.query(sql);
      } catch (error) {
        throw asUnavailable(error);
      }
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      const client = await begin(options.opening);
      let failure: unknown = null;
      try {
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
        failure = error;
        if (!isConnectionFailure(error)) await client.query('ROLLBACK').catch(() => undefined);
        throw asUnavailable(error);
      } finally {
        // A client whose connection failed is dropped by the pool instead of being handed out again.
        client.release(failure !== null && isConnectionFailure(failure) ? asError(failure) : undefined);
      }
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
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
