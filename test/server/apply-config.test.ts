import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../src-server/config.js';
import type { QueueConfig } from '../../src-server/config/queues.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { testDirectoryConfig } from '../harness/directory.js';
import { slapdServerConfig, startServer, testRoles } from '../harness/kontor-server.js';
import { createTicket, expectApplied, expectRejected, inspect, queueId, send, signIn, testQueues } from './mutations/support.js';
import { temporaryDirectory } from './support/temporary.js';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const tsx = path.join(repository, 'node_modules/.bin/tsx');

let database: TestDatabase;
let db: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  db = inspect(database.url);
});

afterAll(async () => {
  await db.end();
  await database.drop();
});

/** Writes a config file for this database and runs `kontor-server apply-config FILE`. */
async function applyConfig(queues: QueueConfig[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = path.join(temporaryDirectory('kontor-apply-'), 'server.json');
  writeFileSync(file, JSON.stringify({ listen: { host: '127.0.0.1', port: 0 }, database: { url: database.url }, directory: testDirectoryConfig(), roles: testRoles, queues }));
  const child = spawn(tsx, ['src-server/cli.ts', 'apply-config', file], { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

const queueRows = async (): Promise<{ id: string; name: string; group_name: string; valid: boolean; version: number }[]> =>
  (await db.query<{ id: string; name: string; group_name: string; valid: boolean; version: number }>('SELECT id, name, group_name, valid, version FROM queues ORDER BY name')).rows;
const queueChangeCount = async (): Promise<number> => (await db.query("SELECT 1 FROM change_log WHERE entity = 'queue'")).rowCount ?? 0;

describe('kontor-server apply-config FILE', () => {
  it('creates the queues with name-based ids, and a second run changes nothing', async () => {
    const first = await applyConfig(testQueues);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('queue created: Wertpapiere::Abwicklung');
    const rows = await queueRows();
    expect(rows).toHaveLength(testQueues.length);
    expect(rows.find((row) => row.name === 'Steuern')).toMatchObject({ id: queueId('Steuern'), group_name: 'tax', valid: true, version: 1 });
    const changes = await queueChangeCount();
    expect(changes).toBe(testQueues.length);
    expect((await db.query("SELECT 1 FROM change_log WHERE entity = 'queue' AND group_name IS NOT NULL")).rowCount).toBe(0);

    const second = await applyConfig(testQueues);
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe(`queues: nothing changed (${testQueues.length} unchanged)`);
    expect(await queueRows()).toEqual(rows);
    expect(await queueChangeCount()).toBe(changes);
  });

  it('updates what changed, makes unlisted queues invalid, resends tickets of a queue given to another group, and warns of ungranted groups', async () => {
    // A ticket in ServiceLine, created through a server on the same database.
    const server = await startServer(slapdServerConfig(database.url, { queues: testQueues }));
    const create = createTicket('ServiceLine');
    expectApplied((await send(server.url, (await signIn(server.url, 'mmueller')).token, create))[0]);
    await server.close();

    const changed = testQueues
      .filter((queue) => queue.name !== 'Interner Helpdesk')
      .map((queue) => (queue.name === 'Steuern' && typeof queue.sla !== 'string' ? { ...queue, sla: { ...queue.sla, solutionMinutes: 99 } } : queue))
      .map((queue) => (queue.name === 'ServiceLine' ? { ...queue, group: 'frontoffice' } : queue));
    const run = await applyConfig(changed);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('queue updated: Steuern (sla)');
    expect(run.stdout).toContain('queue updated: ServiceLine (group)');
    expect(run.stdout).toContain('queue no longer listed, now invalid: Interner Helpdesk');
    expect(run.stdout).toContain('tickets sent again to their new group: 1');
    expect(run.stderr).toContain('warning: queue group "frontoffice" is not granted by any role');
    const rows = await queueRows();
    expect(rows.find((row) => row.name === 'Interner Helpdesk')).toMatchObject({ valid: false, version: 2 });
    expect(rows.find((row) => row.name === 'Steuern')).toMatchObject({ version: 2 });
    const resent = await db.query<{ group_name: string; previous_group: string | null }>(
      "SELECT group_name, previous_group FROM change_log WHERE entity = 'ticket' AND ticket_id = $1 ORDER BY id DESC LIMIT 1",
      [create.ticketId],
    );
    expect(resent.rows[0]).toEqual({ group_name: 'frontoffice', previous_group: 'serviceline' });
  });

  it('applies at server start: an invalid queue takes no new tickets, and a config without queues leaves them alone', async () => {
    const server = await startServer(slapdServerConfig(database.url));
    try {
      expect((await queueRows()).find((row) => row.name === 'Interner Helpdesk')?.valid).toBe(false);
      const pschulz = await signIn(server.url, 'pschulz');
      const [result] = await send(server.url, pschulz.token, createTicket('Interner Helpdesk'));
      expect(expectRejected(result, 'invalid-args')).toContain('no longer in use');
    } finally {
      await server.close();
    }
  });

  it('exits with 2 naming the field of a bad queue list', async () => {
    const run = await applyConfig([{ name: 'Wertpapiere::Abwicklung', group: 'settlement', sla: testQueues[0]?.sla ?? { firstResponseMinutes: 1, updateMinutes: 1, solutionMinutes: 1, warningPercent: 1 }, valid: true }]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('queues.0.name: parent queue "Wertpapiere" of "Wertpapiere::Abwicklung" is not in the list');
  });
});

describe('the queues section of the config', () => {
  const parse = (queues: unknown): string => {
    try {
      parseServerConfig({ listen: { host: '127.0.0.1', port: 0 }, directory: { kind: 'ldif', file: 'x.ldif', mapping: { baseDn: 'dc=x', peopleBase: 'ou=p,dc=x', customersBase: 'ou=c,dc=x', groupsBase: 'ou=g,dc=x' } }, roles: testRoles, queues }, repository);
      return 'valid';
    } catch (error) {
      return (error as Error).message;
    }
  };
  const sla = { firstResponseMinutes: 30, updateMinutes: 60, solutionMinutes: 120, warningPercent: 80 };

  it.each([
    [[{ name: 'A', group: 'g', sla, colour: 'red' }], 'queues.0.colour: unknown field'],
    [[{ name: 'A', group: 'g', sla: { ...sla, warningPercent: 150 } }], 'queues.0.sla.warningPercent'],
    [[{ name: 'A', group: 'g', sla: { ...sla, extra: 1 } }], 'queues.0.sla.extra: unknown field'],
    [[{ name: 'A::', group: 'g', sla }], 'queues.0.name: has an empty level'],
    [[{ name: 'A: B', group: 'g', sla }], 'queues.0.name: level "A: B" contains a single ":"'],
    [[{ name: ' A', group: 'g', sla }], 'queues.0.name: level " A" starts or ends with a blank'],
    [[{ name: 'A', group: 'g', sla }, { name: 'A', group: 'h', sla }], 'queues.1.name: duplicate queue name "A"'],
    [[{ name: 'A', group: '', sla }], 'queues.0.group'],
  ])('refuses %j', (queues, message) => {
    expect(parse(queues)).toContain(message);
  });

  it('accepts nested names whose parents are listed, in any order', () => {
    expect(parse([{ name: 'A::B::C', group: 'g', sla }, { name: 'A', group: 'g', sla }, { name: 'A::B', group: 'g', sla }])).toBe('valid');
  });
});
