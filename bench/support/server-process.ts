import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnServerProcess } from '../../test/harness/server-process.js';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** One queue per permission group of the embedded roles, and a nested one, each with one of the embedded SLAs. */
export const benchQueues = [
  { name: 'ServiceLine', group: 'serviceline', sla: 'ServiceLine' },
  { name: 'Wertpapiere', group: 'settlement', sla: 'Wertpapiere' },
  { name: 'Wertpapiere::Abwicklung', group: 'settlement', sla: 'Wertpapiere::Abwicklung' },
  { name: 'Depot', group: 'custody', sla: 'Wertpapiere::Verwahrung' },
  { name: 'Steuern', group: 'tax', sla: 'Steuern' },
  { name: 'IT-Betrieb', group: 'itops', sla: 'IT-Betrieb' },
  { name: 'Helpdesk', group: 'helpdesk', sla: 'Interner Helpdesk' },
];

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
export async function startBenchServer(runDir: string, databaseUrl: string, options: { captureSqlTo?: string; queues?: 'bench' | 'embedded' } = {}): Promise<BenchServer> {
  // The embedded default's demo bank seed is left out: the benchmarks seed what they measure.
  const { demoSeed: _demoSeed, ...embedded } = JSON.parse(readFileSync(path.join(root, 'resources/config/server.embedded.json'), 'utf8')) as Record<string, unknown>;
  const directory = embedded['directory'] as Record<string, unknown>;
  const config = {
    ...embedded,
    listen: { host: '127.0.0.1', port: 0 },
    database: { url: databaseUrl },
    directory: { ...directory, file: path.join(root, 'resources/demo/directory.ldif') },
    logging: { level: 'warn' },
    // The reports bench seeds the generated bank, whose queues are the embedded default's; the
    // others have the queues above, of which the portal offers ServiceLine.
    ...(options.queues === 'embedded' ? {} : { queues: benchQueues, customers: { ...(embedded['customers'] as Record<string, unknown>), queues: ['ServiceLine'] } }),
  };
  // KONTOR_BENCH_PROFILE=1 writes a CPU profile of the server into the run folder (keep it with KONTOR_KEEP_BENCH_DIR=1).
  const profile = process.env['KONTOR_BENCH_PROFILE'] && options.captureSqlTo === undefined ? ['--cpu-prof', '--cpu-prof-dir', runDir] : [];
  // The capture server records the SQL it sends (bench/raw-limit/capture-hook.ts); the measured one never does.
  const capture = options.captureSqlTo === undefined ? [] : ['--import', pathToFileURL(path.join(root, 'bench/raw-limit/capture-hook.ts')).href];
  return spawnServerProcess(runDir, options.captureSqlTo === undefined ? 'server' : 'capture-server', config, {
    nodeArgs: [...profile, ...capture],
    env: options.captureSqlTo === undefined ? process.env : { ...process.env, KONTOR_BENCH_SQL_CAPTURE: options.captureSqlTo },
  });
}
