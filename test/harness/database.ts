import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { postgresUrl } from './postgres.js';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

let admin: pg.Pool | undefined;

function adminPool(): pg.Pool {
  const server = inject('postgres');
  admin ??= new pg.Pool({ connectionString: postgresUrl(server, 'postgres'), max: 2 });
  return admin;
}

/**
 * A fresh database for one test file, copied from the migrated template of this run. Call it
 * in `beforeAll` and `drop()` in `afterAll`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject('postgres');
  const name = `kontor_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  // Identifiers cannot be parameters; `name` is built from digits and hex only.
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${server.templateDatabase}`);
  return {
    url: postgresUrl(server, name),
    name,
    async drop() {
      // A pool's end() resolves before its sockets have closed. Dropping WITH (FORCE) at once
      // would send those half-closed clients a FATAL they report as an unhandled error. A plain
      // DROP waits (up to 5 s, in PostgreSQL itself) for them to leave; only a database still
      // in use after that (a test that drops it under a running server) is forced.
      try {
        await adminPool().query(`DROP DATABASE IF EXISTS ${name}`);
        return;
      } catch (error) {
        if (!isInUse(error)) throw error;
      }
      await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** 55006: object_in_use, "database is being accessed by other users". */
function isInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '55006';
}
