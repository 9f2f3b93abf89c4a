import { z } from 'zod';
import { syncStatusSchema } from '../../src-shared/ipc/cache.js';
import { entityNameSchema } from '../../src-shared/sync/entities.js';

/** What the main process hands the sync worker when it starts it. */
export const syncWorkerDataSchema = z.strictObject({
  cacheDir: z.string().min(1),
  agentId: z.string().min(1),
  nativeBinding: z.string().optional(),
  endpoint: z.strictObject({ url: z.string().min(1), ca: z.string().optional() }),
  timeoutMs: z.number().int().positive(),
  token: z.string().nullable(),
  pollMs: z.number().int().positive().optional(),
  retry: z.strictObject({ minMs: z.number().nonnegative(), maxMs: z.number().nonnegative() }).optional(),
  retentionMonths: z.number().int().positive().optional(),
});
export type SyncWorkerData = z.infer<typeof syncWorkerDataSchema>;

/** Main process → worker. */
export const toWorkerSchema = z.discriminatedUnion('type', [
  /** The agent signed in again: the new token, sync goes on where it stopped. */
  z.strictObject({ type: z.literal('resume'), token: z.string() }),
  /** An edit was made: push it now. */
  z.strictObject({ type: z.literal('run') }),
  z.strictObject({ type: z.literal('stop') }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

/** Worker → main process. */
export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('status'), status: syncStatusSchema }),
  z.strictObject({ type: z.literal('changed'), entities: z.array(entityNameSchema) }),
  /** SQLite found the cache file damaged: the main process stops the worker and makes the cache afresh. */
  z.strictObject({ type: z.literal('damaged'), message: z.string() }),
  /** The engine stopped and the worker's connection to the cache is closed. */
  z.strictObject({ type: z.literal('stopped') }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
