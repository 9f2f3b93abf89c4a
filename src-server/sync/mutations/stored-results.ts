import { z } from 'zod';
import { mutationResultSchema, type MutationResult } from '../../../src-shared/sync/protocol.js';
import type { Queryable } from '../../db/database.js';

/** An applied result is stored before its change has a sequence number; the number is added after stamping. */
const appliedWithoutSeqSchema = z.object({ id: z.uuid(), status: z.literal('applied'), version: z.number().int().positive() });
export type AppliedWithoutSeq = z.infer<typeof appliedWithoutSeqSchema>;
export type StoredResult = MutationResult | AppliedWithoutSeq;
const storedResultSchema = z.union([mutationResultSchema, appliedWithoutSeqSchema]);

export function lacksSeq(result: StoredResult): result is AppliedWithoutSeq {
  return result.status === 'applied' && !('seq' in result);
}

/** Stored results of these mutations of one agent, by mutation id. */
export async function findStoredResults(db: Queryable, agentId: string, mutationIds: readonly string[]): Promise<Map<string, StoredResult>> {
  const result = await db.query<{ mutation_id: string; result: unknown }>(
    'SELECT mutation_id, result FROM mutation_results WHERE agent_id = $1 AND mutation_id = ANY($2::uuid[])',
    [agentId, [...mutationIds]],
  );
  return new Map(result.rows.map((row) => [row.mutation_id, storedResultSchema.parse(row.result)]));
}

export async function findStoredResult(db: Queryable, agentId: string, mutationId: string): Promise<StoredResult | null> {
  return (await findStoredResults(db, agentId, [mutationId])).get(mutationId) ?? null;
}

export interface ResultToStore {
  agentId: string;
  clientId: string;
  result: StoredResult;
  /** The mutation's last change row, whose sequence number the answer carries. */
  changeId: string | null;
  storedAt: Date;
}

/** Stores a result unless one exists for (agent, mutation id); returns the result that counts. */
export async function storeResult(db: Queryable, entry: ResultToStore): Promise<StoredResult> {
  const inserted = await db.query(
    `INSERT INTO mutation_results (agent_id, mutation_id, client_id, result, change_id, stored_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT (agent_id, mutation_id) DO NOTHING RETURNING 1`,
    [entry.agentId, entry.result.id, entry.clientId, JSON.stringify(entry.result), entry.changeId, entry.storedAt],
  );
  if (inserted.rows.length > 0) return entry.result;
  const stored = await findStoredResult(db, entry.agentId, entry.result.id);
  if (!stored) throw new Error(`mutation result ${entry.result.id} vanished`);
  return stored;
}

/**
 * Writes the sequence number of each applied mutation's last change into its stored result,
 * for those whose change has been stamped; returns mutation id → seq. A replay answers the
 * same number, also after a restart.
 */
export async function recordSequenceNumbers(db: Queryable, agentId: string, mutationIds: readonly string[]): Promise<Map<string, number>> {
  const result = await db.query<{ mutation_id: string; seq: string }>(
    `UPDATE mutation_results m SET result = jsonb_set(m.result, '{seq}', to_jsonb(c.seq))
     FROM change_log c
     WHERE c.id = m.change_id AND c.seq IS NOT NULL AND m.agent_id = $1 AND m.mutation_id = ANY($2::uuid[])
     RETURNING m.mutation_id, c.seq::text AS seq`,
    [agentId, [...mutationIds]],
  );
  return new Map(result.rows.map((row) => [row.mutation_id, Number(row.seq)]));
}
