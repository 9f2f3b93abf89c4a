import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exited, stopPid, trackPid } from './process.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Kontor Server in a process of its own, as operators run it: it can be killed, frozen and watched for exit. */
export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly logFile: string;
  /** Null while running; the exit code or signal once it ended. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** The last lines of its log, for failure messages. */
  logTail(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Node options before the entry point (`--cpu-prof`, a further `--import`). */
  nodeArgs?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Writes `config` (a server config file's JSON) into `runDir` and starts `tsx src-server/cli.ts`
 * with it; resolves when the server printed its listening line.
 */
export async function spawnServerProcess(runDir: string, name: string, config: Record<string, unknown>, options: SpawnOptions = {}): Promise<ServerProcess> {
  const configFile = path.join(runDir, `${name}.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logFile = path.join(runDir, `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', ...(options.nodeArgs ?? []), path.join(root, 'src-server/cli.ts'), '--config', configFile], {
    cwd: root,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${name}: Kontor Server did not start`);
  const pid = child.pid;
  trackPid(pid);
  const logTail = (): string => readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  const stop = async (): Promise<void> => {
    // SIGCONT first: a frozen process cannot act on SIGTERM.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGCONT');
    await Promise.race([exited(child), stopPid(pid, 'SIGTERM')]);
  };
  try {
    const url = await listeningUrl(child, name, logTail);
    return {
      name, url, pid, logFile, logTail, stop,
      exit: () => (child.exitCode === null && child.signalCode === null ? null : { code: child.exitCode, signal: child.signalCode }),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listeningUrl(child: ChildProcess, name: string, logTail: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((candidate) => candidate.includes('"listening"'));
      if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`${name}: Kontor Server exited with ${code ?? 'a signal'}:\n${logTail()}`)));
  });
}
