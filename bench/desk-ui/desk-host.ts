import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { root } from '../support/server-process.js';

interface HostEvent {
  event: string;
  atMs: number;
  [field: string]: unknown;
}

/** The Desk's process (desk-host-process.ts), seen from the benchmark. */
export interface DeskHost {
  pid: number;
  url: string;
  origin: string;
  /** Resolves with the event once the Desk reported it (now or earlier); rejects if the process ended first. */
  waitFor(event: string): Promise<HostEvent>;
  /** Ends the process by its PID (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/** Starts Kontor Desk with the browser host in a process of its own, on `userDataDir`, against `serverUrl`. */
export async function startDeskHost(serverUrl: string, userDataDir: string): Promise<DeskHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/desk-ui/desk-host-process.ts'), serverUrl, userDataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the Desk process did not start');
  const seen = new Map<string, HostEvent>();
  const waiters = new Map<string, ((event: HostEvent) => void)[]>();
  let ended: Error | null = null;
  const failures: ((error: Error) => void)[] = [];
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = new Error(`the Desk process ended (${signal ?? String(code)})`);
      for (const fail of failures) fail(ended);
      resolve();
    });
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const event = JSON.parse(line) as HostEvent;
    if (!seen.has(event.event)) seen.set(event.event, event);
    for (const wake of waiters.get(event.event) ?? []) wake(event);
    waiters.delete(event.event);
  });
  const waitFor = (name: string): Promise<HostEvent> =>
    new Promise((resolve, reject) => {
      const known = seen.get(name);
      if (known) return resolve(known);
      if (ended) return reject(ended);
      waiters.set(name, [...(waiters.get(name) ?? []), resolve]);
      failures.push(reject);
    });
  const stop = async (): Promise<void> => {
    if (ended) return;
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (!ended) process.kill(pid, 'SIGKILL');
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const listening = await waitFor('listening');
    return { pid, url: String(listening['url']), origin: String(listening['origin']), waitFor, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
