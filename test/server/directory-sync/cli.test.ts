import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCustomers, testDirectoryConfig, testInstitutions } from '../../harness/directory.js';
import { testRoles } from '../../harness/kontor-server.js';
import { temporaryDirectory } from '../support/temporary.js';
import { entitiesOf, openSyncDatabase, type SyncDatabase } from './support.js';

const institutionCount = Object.keys(testInstitutions).length;

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = path.join(repository, 'node_modules/.bin/tsx');
// Groups no other test file changes meanwhile, so that the figures are exact.
const roles = testRoles.filter((role) => ['serviceline', 'settlement', 'helpdesk', 'teamlead'].includes(role.name));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Writes a config file and runs `kontor-server sync-directory --config FILE` as an operator would. */
async function syncDirectory(overrides: { database?: unknown; directory?: unknown } = {}, databaseUrl = ''): Promise<Run> {
  const file = path.join(temporaryDirectory('kontor-sync-directory-'), 'server.json');
  writeFileSync(file, JSON.stringify({ listen: { host: '127.0.0.1', port: 0 }, database: { url: databaseUrl }, directory: testDirectoryConfig(), roles, ...overrides }));
  const child = spawn(tsx, ['src-server/cli.ts', 'sync-directory', '--config', file], { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

describe('kontor-server sync-directory --config FILE', () => {
  let sync: SyncDatabase;
  beforeAll(async () => {
    sync = await openSyncDatabase();
  });
  afterAll(async () => {
    await sync.close();
  });

  it('syncs once, prints the report and exits with 0; a second run finds nothing to change', async () => {
    const first = await syncDirectory({}, sync.database.url);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^directory synced in \\d+ ms: institutions ${String(institutionCount)} created, 0 updated, 0 invalidated, 0 unchanged; customers ${testCustomers.length} created, 0 updated, 0 invalidated, 0 unchanged; agents 5 created, 0 updated, 0 invalidated, 0 unchanged$`, 'u'),
      ) as unknown,
    ]);
    expect((await entitiesOf(sync.db, 'customer_users')).size).toBe(testCustomers.length);

    const second = await syncDirectory({}, sync.database.url);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`institutions 0 created, 0 updated, 0 invalidated, ${String(institutionCount)} unchanged; customers 0 created, 0 updated, 0 invalidated, \\d+ unchanged; agents 0 created, 0 updated, 0 invalidated, 5 unchanged\n$`, 'u'));
  });

  it('exits with 1 and says so when the directory cannot be reached, having changed nothing', async () => {
    const before = await entitiesOf(sync.db, 'customer_users');
    const run = await syncDirectory({ directory: testDirectoryConfig({ url: 'ldaps://127.0.0.1:1', timeoutMs: 500 }) }, sync.database.url);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^kontor-server: directory sync failed: the directory could not be read, nothing was changed: /u);
    expect(run.stderr).not.toMatch(/\n\s+at /u);
    expect(await entitiesOf(sync.db, 'customer_users')).toEqual(before);
  });

  it('exits with 1 and says so when the database cannot be reached', async () => {
    const run = await syncDirectory({}, 'postgres://kontor@127.0.0.1:1/kontor');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kontor-server: the database cannot be reached: /u);
    expect(run.stderr).not.toMatch(/\n\s+at /u);
  });
});
