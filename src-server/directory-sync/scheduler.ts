import type { Directory } from '../../src-shared/node/directory/types.js';
import type { RoleConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { summariseSync, type DirectorySyncResult } from './report.js';
import { directorySyncedChannel, syncDirectory } from './sync-directory.js';

export const defaultDirectorySyncIntervalMs = 15 * 60_000;
const maxIntervalMs = 2 ** 31 - 1;

export interface DirectorySyncOptions {
  db: Database;
  /** The service-account directory. */
  directory: Directory;
  config: { roles: readonly RoleConfig[] };
  log: { info(details: object, message: string): void; warn(details: object, message: string): void };
  /** Time between runs; 15 minutes unless given. */
  intervalMs?: number;
  now?: () => Date;
}

export interface DirectorySyncSchedule {
  /** A run that reads the directory after this call (after a run in progress); for operators and tests. */
  runNow(): Promise<DirectorySyncResult>;
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Syncs the directory at start and then every `intervalMs`, one run at a time in this process;
 * across instances the writing transaction's advisory lock lets one write at a time, and a
 * sync committed by any instance postpones every instance's next run by a whole interval, so
 * that several instances do not each read the directory every interval. A failing directory or
 * database logs a warning and the next run tries again; nothing is thrown out of the timer.
 */
export function startDirectorySync(options: DirectorySyncOptions): DirectorySyncSchedule {
  const intervalMs = options.intervalMs ?? defaultDirectorySyncIntervalMs;
  // setTimeout fires at once for anything longer than 2^31 - 1 ms (about 24.8 days).
  if (!Number.isInteger(intervalMs) || intervalMs < 1 || intervalMs > maxIntervalMs) {
    throw new RangeError(`directory sync interval: expected whole milliseconds from 1 to ${maxIntervalMs}, got ${intervalMs}`);
  }
  const now = options.now ?? (() => new Date());
  const { log } = options;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<DirectorySyncResult> | null = null;
  let stopped = false;

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = stopped ? null : setTimeout(tick, intervalMs);
    timer?.unref();
  };

  const round = async (): Promise<DirectorySyncResult> => {
    const result = await syncDirectory(options.db, options.directory, options.config, now);
    if (result.ok) log.info({ directorySync: { ...result, skipped: result.skipped.slice(0, 20) } }, summariseSync(result));
    else if (result.reason === 'directory-unavailable') log.warn({ reason: result.reason }, `directory sync: ${result.message}; trying again at the next run`);
    else log.info({ reason: result.reason }, `directory sync: ${result.message}`);
    return result;
  };

  const runNow = (): Promise<DirectorySyncResult> => {
    const previous: Promise<unknown> = running ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(round);
    running = next;
    const clear = (): void => {
      if (running === next) running = null;
    };
    next.then(clear, clear);
    return next;
  };

  // A sync committed anywhere (this instance included) starts the interval again. Tried again
  // before each run while it fails (the database may be down at start).
  let unlisten: (() => Promise<void>) | null = null;
  let listening: Promise<void> | null = null;
  const listen = (): void => {
    if (unlisten || listening || stopped) return;
    listening = options.db
      .listen(directorySyncedChannel, () => schedule())
      .then(
        (off) => {
          unlisten = off;
        },
        (error: unknown) => log.warn({ err: error }, 'directory sync: not listening for other instances’ runs yet; trying again at the next run'),
      )
      .finally(() => {
        listening = null;
      });
  };

  function tick(): void {
    listen();
    // A run still going (a slow directory) is not joined by another; the timer starts again after it.
    if (running) return schedule();
    runNow()
      .catch((error: unknown) => log.warn({ err: error }, 'directory sync failed; trying again at the next run'))
      .finally(schedule);
  }

  tick();

  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await listening;
      await unlisten?.();
      await running?.catch(() => undefined);
    },
  };
}
