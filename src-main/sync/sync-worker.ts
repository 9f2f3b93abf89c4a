/**
 * The sync engine's own thread (ARCHITECTURE.md "Hosts": measured, the initial sync stalled the
 * main process beyond its budget — parsing, checking and storing pages of a thousand changes).
 * It opens its own connection to the agent's cache file and runs the SyncEngine there; the main
 * process reads the same file through its connection (WAL) and hears statuses and changes.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openCache } from '../cache/cache-file.js';
import { ServerClient } from '../net/server-client.js';
import { SyncEngine } from './sync-engine.js';
import { syncWorkerDataSchema, toWorkerSchema, type FromWorker } from './sync-worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('sync-worker runs as a worker thread of the Desk main process');
const data = syncWorkerDataSchema.parse(workerData);
const post = (message: FromWorker): void => port.postMessage(message);

const cache = openCache(path.resolve(data.cacheDir), data.agentId, data.nativeBinding === undefined ? {} : { nativeBinding: data.nativeBinding });
const engine = new SyncEngine({
  cache,
  client: new ServerClient(data.endpoint, data.timeoutMs),
  token: data.token,
  ...(data.pollMs === undefined ? {} : { pollMs: data.pollMs }),
  ...(data.retry === undefined ? {} : { retry: data.retry }),
  ...(data.retentionMonths === undefined ? {} : { retentionMonths: data.retentionMonths }),
  onStatus: (status) => post({ type: 'status', status }),
  onChanged: (entities) => post({ type: 'changed', entities: [...entities] }),
  onDamaged: (message) => post({ type: 'damaged', message }),
});

port.on('message', (raw: unknown) => {
  const message = toWorkerSchema.parse(raw);
  switch (message.type) {
    case 'resume':
      engine.resume(message.token);
      break;
    case 'run':
      void engine.runNow();
      break;
    case 'stop':
      void engine.stop().then(() => {
        cache.close();
        post({ type: 'stopped' });
        port.close();
      });
      break;
  }
});
engine.start();
