import type { ChildProcess } from 'node:child_process';

const running = new Set<number>();
let exitHookInstalled = false;

/** Remembers a server's PID so that it is killed even if the test run dies before teardown. */
export function trackPid(pid: number): void {
  running.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const tracked of running) killQuietly(tracked, 'SIGKILL');
  });
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to `pid`, waits up to `graceMs` for it to exit, then kills it. */
export async function stopPid(pid: number, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  killQuietly(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) {
    killQuietly(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(20);
  }
  running.delete(pid);
}

/** Resolves when a spawned child exits (for children we own, where isAlive sees zombies as alive). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
