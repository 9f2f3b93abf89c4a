import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stopPid, trackPid } from '../../test/harness/process.js';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** One queue per permission group of the embedded roles, and a nested one. */
export const benchQueues = [
  { name: 'ServiceLine', group: 'serviceline' },
  { name: 'Wertpapiere', group: 'settlement' },
  { name: 'Wertpapiere::Abwicklung', group: 'settlement' },
  { name: 'Depot', group: 'custody' },
  { name: 'Steuern', group: 'tax' },
  { name: 'IT-Betrieb', group: 'itops' },
  { name: 'Helpdesk', group: 'helpdesk' },
].map((queue) => ({ ...queue, sla: { firstResponseMinutes: 60, updateMinutes: 240, solutionMinutes: 2880, warningPercent: 80 } }));

export interface BenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Kontor Server as operators run it, in a process of its own (so that the benchmark's clients
 * do not share its event loop): the embedded default's roles and demo LDIF directory, the
 * benchmark's PostgreSQL database, the queues above.
 */
export async function startBenchServer(runDir: string, databaseUrl: string, options: { captureSqlTo?: string } = {}): Promise<BenchServer> {
  const embedded = JSON.parse(readFileSync(path.join(root, 'resources/config/server.embedded.json'), 'utf8')) as Record<string, unknown>;
  const directory = embedded['directory'] as Record<string, unknown>;
  const config = {
    ...embedded,
    listen: { host: '127.0.0.1', port: 0 },
    database: { url: databaseUrl },
    directory: { ...directory, file: path.join(root, 'resources/demo/directory.ldif') },
    logging: { level: 'warn' },
    queues: benchQueues,
  };
  const configFile = path.join(runDir, 'server.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const log = openSync(path.join(runDir, 'server.log'), 'a');
  // KONTOR_BENCH_PROFILE=1 writes a CPU profile of the server into the run folder (keep it with KONTOR_KEEP_BENCH_DIR=1).
  const profile = process.env['KONTOR_BENCH_PROFILE'] && options.captureSqlTo === undefined ? ['--cpu-prof', '--cpu-prof-dir', runDir] : [];
  // The capture server records the SQL it sends (bench/raw-limit/capture-hook.ts); the measured one never does.
  const capture = options.captureSqlTo === undefined ? [] : ['--import', pathToFileURL(path.join(root, 'bench/raw-limit/capture-hook.ts')).href];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', ...capture, path.join(root, 'src-server/cli.ts'), '--config', configFile], {
    cwd: root,
    env: options.captureSqlTo === undefined ? process.env : { ...process.env, KONTOR_BENCH_SQL_CAPTURE: options.captureSqlTo },
    stdio: ['ignore', 'pipe', log],
  });
  if (child.pid === undefined) throw new Error('Kontor Server did not start');
  const pid = child.pid;
  trackPid(pid);
  const stop = (): Promise<void> => stopPid(pid, 'SIGTERM');
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const line = output.split('\n').find((candidate) => candidate.includes('"listening"'));
        if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
      });
      child.once('exit', (code) => reject(new Error(`Kontor Server exited with ${code ?? 'a signal'}; see ${path.join(runDir, 'server.log')}`)));
    });
    return { url, pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
