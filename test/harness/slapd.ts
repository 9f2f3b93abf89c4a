import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'ldapts';
import { buildDemoDirectory } from '../../src-shared/node/demo-directory.js';
import { freePort } from './free-port.js';
import type { TestPki } from './pki.js';
import { sleep, stopPid, trackPid } from './process.js';

export interface TestSlapd {
  /** slapd's PID (a new one after `restart`). */
  readonly pid: number;
  ldapUrl: string;
  ldapsUrl: string;
  baseDn: string;
  serviceDn: string;
  servicePassword: string;
  /** The rootdn: for tests that add their own entries (never change the generated ones). */
  adminDn: string;
  adminPassword: string;
  logFile: string;
  stop(): Promise<void>;
  /** Stops slapd, runs `whileDown`, starts it again on the same ports and data; resolves when it answers. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

const templateFile = fileURLToPath(new URL('../fixtures/slapd/slapd.conf.template', import.meta.url));

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/gu, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`slapd.conf.template: no value for {{${name}}}`);
    return value;
  });
}

function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`${command} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

/**
 * One private slapd in `runDir` loaded with the generated demo directory, listening on
 * 127.0.0.1 on two free ports (ldap:// for StartTLS, ldaps://). Resolves once a service-account
 * bind over LDAPS, verified against the test CA, succeeds.
 */
export async function startSlapd(runDir: string, pki: TestPki, baseDn?: string): Promise<TestSlapd> {
  const directory = buildDemoDirectory(baseDn);
  const dataDir = path.join(runDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const adminPassword = randomBytes(12).toString('hex');
  const confFile = path.join(runDir, 'slapd.conf');
  writeFileSync(confFile, fill(readFileSync(templateFile, 'utf8'), {
    runDir, dataDir, baseDn: directory.baseDn, rootPassword: adminPassword,
    caFile: pki.caFile, certFile: pki.serverCertFile, keyFile: pki.serverKeyFile,
  }));
  const ldifFile = path.join(runDir, 'directory.ldif');
  writeFileSync(ldifFile, directory.ldif);
  run('slapadd', ['-q', '-f', confFile, '-l', ldifFile]);

  const [ldapPort, ldapsPort] = [await freePort(), await freePort()];
  const ldapUrl = `ldap://127.0.0.1:${ldapPort}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  const logFile = path.join(runDir, 'slapd.log');
  const service = { dn: directory.service.dn, password: directory.service.password };
  const ca = readFileSync(pki.caFile);
  let pid = await runSlapd({ confFile, logFile, urls: `${ldapUrl}/ ${ldapsUrl}/`, ldapsUrl, ca, service });
  const stop = (): Promise<void> => stopPid(pid);
  const restart = async (whileDown?: () => Promise<void>): Promise<void> => {
    await stopPid(pid);
    await whileDown?.();
    pid = await runSlapd({ confFile, logFile, urls: `${ldapUrl}/ ${ldapsUrl}/`, ldapsUrl, ca, service });
  };
  return {
    get pid() {
      return pid;
    },
    ldapUrl, ldapsUrl, baseDn: directory.baseDn, serviceDn: service.dn, servicePassword: service.password,
    adminDn: `cn=admin,${directory.baseDn}`, adminPassword, logFile, stop, restart,
  };
}

interface SlapdRun {
  confFile: string;
  logFile: string;
  urls: string;
  ldapsUrl: string;
  ca: Buffer;
  service: { dn: string; password: string };
}

/** Starts slapd in the foreground (so the PID we hold is the server's own); resolves with it once a service bind over LDAPS succeeds. */
async function runSlapd(run: SlapdRun): Promise<number> {
  const log = openSync(run.logFile, 'a');
  const child = spawn('slapd', ['-d', 'stats', '-f', run.confFile, '-h', run.urls], { stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('slapd did not start');
  trackPid(pid);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}:\n${readFileSync(run.logFile, 'utf8').slice(-2000)}`);
    const client = new Client({ url: run.ldapsUrl, timeout: 2000, connectTimeout: 2000, tlsOptions: { ca: run.ca, rejectUnauthorized: true } });
    try {
      await client.bind(run.service.dn, run.service.password);
      return pid;
    } catch (error) {
      if (Date.now() > deadline) {
        await stopPid(pid);
        throw new Error(`slapd did not answer on ${run.ldapsUrl}: ${String(error)}`, { cause: error });
      }
      await sleep(100);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}
