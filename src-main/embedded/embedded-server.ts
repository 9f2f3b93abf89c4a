import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Logger } from '../../src-shared/node/log.js';

const listeningLine = z.object({ event: z.literal('listening'), url: z.url() });

export interface EmbeddedServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export class EmbeddedServerError extends Error {}

/**
 * Starts Kontor Server as a child process on a loopback port (the embedded default) and waits
 * for its one "listening" line. Under Electron the same binary runs it as plain Node.
 */
export function startEmbeddedServer(options: { serverEntry: string; dataDir: string; log: Logger; timeoutMs?: number }): Promise<EmbeddedServer> {
  const child = spawn(process.execPath, [options.serverEntry, '--data-dir', options.dataDir, '--port', '0'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 50) stderr.shift();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmbeddedServerError(`Kontor Server did not start within ${options.timeoutMs ?? 60_000} ms. ${tail(stderr)}`));
    }, options.timeoutMs ?? 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new EmbeddedServerError(`Kontor Server exited (code ${code ?? 'signal'}) before it was ready. ${tail(stderr)}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new EmbeddedServerError(`Kontor Server could not be started: ${error.message}`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const parsed = listeningLine.safeParse(safeJson(line));
      if (!parsed.success) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      options.log.info('embedded-server.listening', { url: parsed.data.url, pid: child.pid });
      resolve({ url: parsed.data.url, pid: child.pid ?? 0, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function tail(lines: string[]): string {
  const text = lines.join('').trim().split('\n').slice(-5).join(' | ');
  return text ? `Last output: ${text}` : '';
}
