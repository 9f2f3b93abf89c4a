import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'ldapts';
import { inject } from 'vitest';
import { freePort } from '../../../harness/free-port.js';
import { sleep, stopPid, trackPid } from '../../../harness/process.js';

/**
 * A slapd of this test file's own, loaded (by slapadd, which keeps the fixture's entryUUIDs) with
 * exactly the LDIF the LDIF directory reads, so that both implementations see the same entries.
 * Built on the harness's slapd.conf template; `extraConfig` is appended to its database section.
 */
export interface PrivateSlapd {
  ldapsUrl: string;
  adminDn: string;
  adminPassword: string;
  /** A client bound as the rootdn, for tests that move entries (and move them back). */
  admin(): Promise<Client>;
  stop(): Promise<void>;
}

const templateFile = fileURLToPath(new URL('../../../fixtures/slapd/slapd.conf.template', import.meta.url));

export async function startPrivateSlapd(options: { baseDn: string; ldif: string; service: { dn: string; password: string }; extraConfig?: string }): Promise<PrivateSlapd> {
  const pki = inject('pki');
  const runDir = mkdtempSync(path.join(tmpdir(), 'kontor-shapes-'));
  // slapd may run as another user and must reach its folder.
  chmodSync(runDir, 0o755);
  const dataDir = path.join(runDir, 'data');
  mkdirSync(dataDir, { mode: 0o755 });
  const adminPassword = randomBytes(12).toString('hex');
  const values: Record<string, string> = {
    runDir, dataDir, baseDn: options.baseDn, rootPassword: adminPassword, caFile: pki.caFile, certFile: pki.serverCertFile, keyFile: pki.serverKeyFile,
  };
  const conf = readFileSync(templateFile, 'utf8').replace(/\{\{(\w+)\}\}/gu, (_match, name: string) => values[name] ?? '');
  const confFile = path.join(runDir, 'slapd.conf');
  writeFileSync(confFile, `${conf}\n${options.extraConfig ?? ''}\n`);
  const ldifFile = path.join(runDir, 'directory.ldif');
  writeFileSync(ldifFile, options.ldif);
  try {
    execFileSync('slapadd', ['-q', '-f', confFile, '-l', ldifFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    rmSync(runDir, { recursive: true, force: true });
    throw new Error(`slapadd failed: ${(error as { stderr?: Buffer }).stderr?.toString() ?? String(error)}`, { cause: error });
  }
  const ldapsUrl = `ldaps://127.0.0.1:${await freePort()}`;
  const logFile = path.join(runDir, 'slapd.log');
  const log = openSync(logFile, 'a');
  const child = spawn('slapd', ['-d', 'stats', '-f', confFile, '-h', `${ldapsUrl}/`], { stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('slapd did not start');
  trackPid(pid);
  const ca = readFileSync(pki.caFile);
  const client = (): Client => new Client({ url: ldapsUrl, timeout: 5000, connectTimeout: 2000, tlsOptions: { ca, rejectUnauthorized: true } });
  const stop = async (): Promise<void> => {
    await stopPid(pid);
    if (!process.env.KONTOR_KEEP_TEST_DIRS) rmSync(runDir, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 20_000; ; ) {
    const probe = client();
    try {
      await probe.bind(options.service.dn, options.service.password);
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const tail = readFileSync(logFile, 'utf8').slice(-2000);
        await stop();
        throw new Error(`slapd did not answer on ${ldapsUrl}: ${String(error)}\n${tail}`, { cause: error });
      }
      await sleep(100);
    } finally {
      await probe.unbind().catch(() => undefined);
    }
  }
  const adminDn = `cn=admin,${options.baseDn}`;
  return {
    ldapsUrl, adminDn, adminPassword, stop,
    admin: async () => {
      const admin = client();
      await admin.bind(adminDn, adminPassword);
      return admin;
    },
  };
}
