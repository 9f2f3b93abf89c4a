import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EntityName } from '../../src-shared/sync/entities.js';
import type { SyncStatus } from './sync-engine.js';
import { fromWorkerSchema, type SyncWorkerData, type ToWorker } from './sync-worker-protocol.js';

/**
 * Where the worker's code is: next to the bundle that runs (out/main/sync-worker.js under
 * Electron, out/browser-host/sync-worker.mjs for the browser host), or the TypeScript source
 * when running from source (tests, under tsx).
 */
function createWorker(workerData: SyncWorkerData): Worker {
  for (const name of ['./sync-worker.js', './sync-worker.mjs']) {
    const file = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(file)) return new Worker(file, { workerData });
  }
  // From source: tsx's loader is registered inside the worker before the entry is imported.
  const source = new URL('./sync-worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`, { eval: true, workerData });
}

export interface SyncWorkerEvents {
  onStatus(status: SyncStatus): void;
  onChanged(entities: ReadonlySet<EntityName>): void;
  /** The cache file is damaged (SyncEngineOptions.onDamaged): the owner stops this handle and makes the cache afresh. */
  onDamaged(message: string): void;
}

/** Before a failed worker is started again; doubling up to a minute. */
const restartMs = { min: 1000, max: 60_000 };

/**
 * The sync engine behind the same interface as in the main thread (status, resume, runNow,
 * stop), running in a worker thread of the main process. A worker that dies is started again
 * with back-off (its work is in the cache file, page by page), and says so as a status.
 */
export class SyncWorkerHandle {
  private worker: Worker | null = null;
  private current: SyncStatus;
  private stopping: Promise<void> | null = null;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(
    private data: SyncWorkerData,
    initial: SyncStatus,
    private readonly events: SyncWorkerEvents,
  ) {
    this.current = initial;
  }

  get status(): SyncStatus {
    return this.current;
  }

  start(): void {
    const worker = createWorker(this.data);
    this.worker = worker;
    worker.on('message', (raw: unknown) => {
      const message = fromWorkerSchema.parse(raw);
      if (message.type === 'status' && message.status.state !== 'closed') {
        this.current = message.status;
        if (message.status.state === 'online') this.failures = 0;
        this.events.onStatus(message.status);
      } else if (message.type === 'changed') {
        this.events.onChanged(new Set(message.entities));
      } else if (message.type === 'damaged') {
        this.events.onDamaged(message.message);
      }
    });
    worker.on('error', (error) => this.died(worker, error.message));
    worker.on('exit', (code) => {
      if (this.stopping === null) this.died(worker, `the sync thread ended (${String(code)})`);
    });
  }

  resume(token: string): void {
    this.data = { ...this.data, token };
    this.send({ type: 'resume', token });
  }

  runNow(): void {
    this.send({ type: 'run' });
  }

  /** Stops the engine and waits until the worker closed its connection to the cache. */
  stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    this.worker = null;
    if (!worker) return Promise.resolve();
    this.stopping = new Promise<void>((resolve) => {
      const timeout = setTimeout(() => void worker.terminate(), 10_000);
      worker.once('exit', () => {
        clearTimeout(timeout);
        resolve();
      });
      worker.postMessage({ type: 'stop' } satisfies ToWorker);
    });
    return this.stopping;
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private died(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failures += 1;
    const since = this.current.state === 'offline' ? this.current.since : new Date().toISOString();
    const lastSynced = this.current.state === 'offline' ? this.current.lastSynced : null;
    const index = this.current.state === 'online' || this.current.state === 'offline' ? this.current.index : { indexed: 0, total: 0 };
    this.current = { state: 'offline', since, message, lastSynced, index, unlocked: this.data.token === null, cause: 'cache' };
    this.events.onStatus(this.current);
    const delay = Math.min(restartMs.max, restartMs.min * 2 ** Math.min(this.failures - 1, 10));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping === null) this.start();
    }, delay);
    this.restartTimer.unref();
  }
}
