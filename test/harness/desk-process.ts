import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeskConfigInput } from '../../src-main/config.js';
import { browserHostEntry } from './browser-host-build.js';
import { DeskIpc } from './desk-ipc.js';
import { testDirectoryConfig } from './directory.js';
import { exited, stopPid, trackPid } from './process.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * A Desk configuration file for `serverUrl` and the run's slapd (the Desk binds as the agent:
 * no service account), written into `dir`; returns its path for KONTOR_DESK_CONFIG.
 */
export function writeDeskConfig(dir: string, name: string, serverUrl: string, cache?: DeskConfigInput['cache']): string {
  const { serviceDn: _serviceDn, servicePassword: _servicePassword, ...directory } = testDirectoryConfig();
  const config: DeskConfigInput = { server: { url: serverUrl }, directory, ...(cache ? { cache } : {}) };
  const file = path.join(dir, `${name}.desk.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export interface DeskProcessOptions {
  /** Where the log goes (`<name>.desk.log`, appended across restarts). */
  runDir: string;
  name: string;
  configFile: string;
  /** KONTOR_USER_DATA: the cache, the offline verifier; the same folder after a restart. */
  userDataDir: string;
  /** The bundle to run: `out/browser-host/index.mjs`, or a pinned copy of it (`pinBrowserHost`). */
  entry?: string;
}

/**
 * Kontor Desk as `node out/browser-host/index.mjs --no-open` runs it: its own process (killed
 * with SIGKILL or stopped with SIGTERM by PID), its IPC reached over the browser host's
 * WebSocket with the token it printed.
 */
export class DeskProcess {
  private constructor(
    readonly options: DeskProcessOptions,
    private readonly child: ChildProcess,
    readonly pid: number,
    /** `http://127.0.0.1:PORT/#token=…` as printed. */
    readonly address: string,
    readonly ipc: DeskIpc,
  ) {}

  static async start(options: DeskProcessOptions): Promise<DeskProcess> {
    const entry = options.entry ?? browserHostEntry;
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
    mkdirSync(options.userDataDir, { recursive: true, mode: 0o700 });
    const logFile = path.join(options.runDir, `${options.name}.desk.log`);
    const log = openSync(logFile, 'a');
    const env: NodeJS.ProcessEnv = { ...process.env, KONTOR_DESK_CONFIG: options.configFile, KONTOR_USER_DATA: options.userDataDir };
    // No Chromium, whatever the environment offers.
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, [entry, '--no-open'], { cwd: root, env, stdio: ['ignore', 'pipe', log] });
    closeSync(log);
    const pid = child.pid;
    if (pid === undefined) throw new Error(`${options.name}: the Desk did not start`);
    trackPid(pid);
    try {
      const address = await printedAddress(child, options.name, () => tail(logFile));
      const ipc = await DeskIpc.connect(address);
      return new DeskProcess(options, child, pid, address, ipc);
    } catch (error) {
      await stopPid(pid, 'SIGKILL');
      throw error;
    }
  }

  get logFile(): string {
    return path.join(this.options.runDir, `${this.options.name}.desk.log`);
  }

  logTail(): string {
    return tail(this.logFile);
  }

  /** Whether the process still runs (null) or how it ended. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null {
    return this.child.exitCode === null && this.child.signalCode === null ? null : { code: this.child.exitCode, signal: this.child.signalCode };
  }

  /** `kill -9`: no shutdown, whatever it was doing. */
  async kill(): Promise<void> {
    this.ipc.close();
    await Promise.race([exited(this.child), stopPid(this.pid, 'SIGKILL')]);
  }

  /** SIGTERM: the Desk signs out and closes its cache, as Ctrl+C would. */
  async stop(): Promise<void> {
    this.ipc.close();
    await Promise.race([exited(this.child), stopPid(this.pid, 'SIGTERM')]);
  }

  /** A new process on the same configuration and user-data folder. */
  restart(): Promise<DeskProcess> {
    return DeskProcess.start(this.options);
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

/** The address with the per-run token from the Desk's start line on stdout. */
function printedAddress(child: ChildProcess, name: string, logTail: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /open (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/u.exec(output);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code, signal) => reject(new Error(`${name}: the Desk exited (${String(code ?? signal)}) before it listened:\n${output}\n${logTail()}`)));
  });
}
