import pg from 'pg';
import type { Queryable, QueryResult, SqlValue } from '../../../../src-server/db/database.js';

/** A connection of its own, as another server process would have: BEGIN and COMMIT by hand. */
export class WriterConnection {
  private constructor(private readonly client: pg.Client) {}

  static async open(url: string): Promise<WriterConnection> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new WriterConnection(client);
  }

  readonly tx: Queryable = {
    query: async <Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<QueryResult<Row>> => {
      const result = await this.client.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    exec: async (sql: string): Promise<void> => {
      await this.client.query(sql);
    },
  };

  async begin(): Promise<void> {
    await this.client.query('BEGIN');
  }

  async commit(): Promise<void> {
    await this.client.query('COMMIT');
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** A small seeded generator, so that a failing interleaving can be named by its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
