import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openPostgres } from '../../src-server/db/database.js';
import { migrate } from '../../src-server/db/migrate.js';
import { freePort } from './free-port.js';
import { stopPid, trackPid } from './process.js';

export const postgresBin = '/usr/lib/postgresql/15/bin';
export const templateDatabase = 'kontor_template';

export interface TestPostgres {
  /** The postmaster's PID (a new one after `restart`). */
  readonly pid: number;
  host: string;
  port: number;
  user: string;
  templateDatabase: string;
  stop(): Promise<void>;
  /** `pg_ctl restart -m fast`: every connection is terminated, the cluster comes back on the same port. */
  restart(): Promise<void>;
}

function asPostgres(command: string, args: string[]): void {
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(postgresBin, command), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`${command} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

export function postgresUrl(server: { host: string; port: number; user: string }, database: string): string {
  return `postgres://${encodeURIComponent(server.user)}@${server.host}:${server.port}/${encodeURIComponent(database)}`;
}

/**
 * One private PostgreSQL cluster in `runDir` (owned by the postgres user, as initdb refuses to
 * run as root), listening on 127.0.0.1 on a free port with trust authentication, holding a
 * migrated `kontor_template` that each test file copies.
 */
export async function startPostgres(runDir: string): Promise<TestPostgres> {
  const dataDir = path.join(runDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  chownPostgres(runDir);
  chownPostgres(dataDir);
  asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const host = '127.0.0.1';
  // Durability is not a test's concern: without fsync a database per test file is cheap.
  const options = `-p ${port} -k ${runDir} -c listen_addresses=${host} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const logFile = path.join(runDir, 'postgres.log');
  asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', logFile, '-w', '-t', '60', 'start']);
  const readPid = (): number => {
    const pid = Number.parseInt(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error('postgres started but wrote no PID');
    trackPid(pid);
    return pid;
  };
  let pid = readPid();
  // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, stop cleanly.
  const stop = (): Promise<void> => stopPid(pid, 'SIGINT');
  const restart = async (): Promise<void> => {
    await stopPid(pid, 'SIGINT');
    asPostgres('pg_ctl', ['-D', dataDir, '-o', options, '-l', logFile, '-w', '-t', '60', 'start']);
    pid = readPid();
  };
  const server = { get pid() { return pid; }, host, port, user: 'postgres', templateDatabase, stop, restart };
  try {
    const admin = new pg.Client({ connectionString: postgresUrl(server, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${templateDatabase}`);
    await admin.end();
    const db = openPostgres(postgresUrl(server, templateDatabase), { max: 1 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return server;
}

function chownPostgres(dir: string): void {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
}
