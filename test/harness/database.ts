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
      await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
