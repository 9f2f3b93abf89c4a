import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import './context.js';
import { createTestPki } from './pki.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { startSlapd, type TestSlapd } from './slapd.js';

/**
 * Once per test run: a test PKI, one private slapd and one private PostgreSQL cluster on free
 * loopback ports. Test files reach them through `inject('ldap' | 'postgres' | 'pki')`; the
 * teardown stops both servers by PID and removes their folders.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = mkdtempSync(path.join(tmpdir(), 'kontor-test-'));
  // slapd and postgres run as other users and must be able to reach their folders.
  chmodSync(runDir, 0o755);
  let slapd: TestSlapd | undefined;
  let postgres: TestPostgres | undefined;
  const teardown = async (): Promise<void> => {
    await Promise.all([slapd?.stop(), postgres?.stop()]);
    if (!process.env.KONTOR_KEEP_TEST_DIRS) rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const pki = createTestPki(mkdir(runDir, 'pki'));
    const started = await Promise.allSettled([
      startSlapd(mkdir(runDir, 'slapd'), pki).then((server) => (slapd = server)),
      startPostgres(mkdir(runDir, 'postgres')).then((server) => (postgres = server)),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    if (!slapd || !postgres) throw new Error('test servers did not start');
    project.provide('pki', pki);
    project.provide('ldap', {
      ldapUrl: slapd.ldapUrl, ldapsUrl: slapd.ldapsUrl, caFile: pki.caFile, foreignCaFile: pki.foreignCaFile,
      baseDn: slapd.baseDn, serviceDn: slapd.serviceDn, servicePassword: slapd.servicePassword,
      adminDn: slapd.adminDn, adminPassword: slapd.adminPassword,
    });
    project.provide('postgres', { host: postgres.host, port: postgres.port, user: postgres.user, templateDatabase: postgres.templateDatabase });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

function mkdir(parent: string, name: string): string {
  const dir = path.join(parent, name);
  mkdirSync(dir, { mode: 0o755 });
  return dir;
}
