import { z } from 'zod';
import { mutationResultSchema, type MutationResult } from '../../../src-shared/sync/protocol.js';
import type { Queryable } from '../../db/database.js';
import { changeParams, insertChangesSql, type NewChange } from '../change-log.js';

/**
 * An applied result is stored without the sequence number of its change, which is given only
 * after the commit: the number is read from `change_log` through `change_id` whenever the
 * result is answered. (Results stored by earlier versions may carry `seq` in the JSON.)
 */
const appliedWithoutSeqSchema = z.object({ id: z.uuid(), status: z.literal('applied'), version: z.number().int().positive() });
export type AppliedWithoutSeq = z.infer<typeof appliedWithoutSeqSchema>;
export type StoredResult = MutationResult | AppliedWithoutSeq;
const storedResultSchema = z.union([mutationResultSchema, appliedWithoutSeqSchema]);

export function lacksSeq(result: StoredResult): result is AppliedWithoutSeq {
  return result.status === 'applied' && !('seq' in result);
}

/** A result as decided or read back: for an applied one, its last change row and that row's number once it has one. */
export interface Decided {
  result: StoredResult;
  changeId: string | null;
  seq: number | null;
}

interface StoredRow {
  mutation_id: string;
  result: unknown;
  change_id: string | null;
  seq: string | null;
}

/** Stored results of these mutations of one actor (agent id or `customer:` key), by mutation id (lower case), with the seq of their change. */
export async function findStoredResults(db: Queryable, actorKey: string, mutationIds: readonly string[]): Promise<Map<string, Decided>> {
  const result = await db.query<StoredRow>(
    `SELECT m.mutation_id, m.result, m.change_id::text AS change_id, c.seq::text AS seq
     FROM mutation_results m LEFT JOIN change_log c ON c.id = m.change_id
     WHERE m.agent_id = $1 AND m.mutation_id = ANY($2::uuid[])`,
    [actorKey, [...mutationIds]],
  );
  return new Map(
    result.rows.map((row) => [row.mutation_id, { result: storedResultSchema.parse(row.result), changeId: row.change_id, seq: row.seq === null ? null : Number(row.seq) }]),
  );
}

export async function findStoredResult(db: Queryable, actorKey: string, mutationId: string): Promise<Decided | null> {
  return (await findStoredResults(db, actorKey, [mutationId])).get(mutationId.toLowerCase()) ?? null;
}

export interface ResultToStore {
  /** Whose result it is: an agent's stable id, or `customer:` and a customer user's (actor.ts, `storedResultKeyOf`). */
  actorKey: string;
  clientId: string;
  result: StoredResult;
  storedAt: Date;
}

/**
 * Appends an applied mutation's change rows and stores its result with the id of the last one,
 * in one statement. Returns that id, or null when a result for (actor, mutation id) exists
 * already (stored by a concurrent or earlier run): the caller must then roll back.
 */
export async function storeAppliedResult(tx: Queryable, entry: ResultToStore, changes: readonly NewChange[]): Promise<string | null> {
  const result = await tx.query<{ change_id: string | null }>(
    `WITH appended AS (${insertChangesSql(6)} RETURNING id)
     INSERT INTO mutation_results (agent_id, mutation_id, client_id, result, change_id, stored_at)
     SELECT $1, $2, $3, $4::jsonb, (SELECT max(id) FROM appended), $5
     ON CONFLICT (agent_id, mutation_id) DO NOTHING RETURNING change_id::text AS change_id`,
    [entry.actorKey, entry.result.id, entry.clientId, JSON.stringify(entry.result), entry.storedAt, ...changeParams(changes)],
  );
  const row = result.rows[0];
  if (!row) return null;
  if (row.change_id === null) throw new Error(`mutation ${entry.result.id} applied without a change row`);
  return row.change_id;
}

/** Stores a result without changes unless one exists for (actor, mutation id); true when this one was stored. */
export async function storeRefusal(db: Queryable, entry: ResultToStore): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO mutation_results (agent_id, mutation_id, client_id, result, change_id, stored_at)
     VALUES ($1, $2, $3, $4::jsonb, NULL, $5) ON CONFLICT (agent_id, mutation_id) DO NOTHING RETURNING 1`,
    [entry.actorKey, entry.result.id, entry.clientId, JSON.stringify(entry.result), entry.storedAt],
  );
  return inserted.rows.length > 0;
}

/** The numbers of these change rows that have one, by row id. */
export async function sequenceNumbersOf(db: Queryable, changeIds: readonly string[]): Promise<Map<string, number>> {
  const result = await db.query<{ id: string; seq: string }>(
    'SELECT id::text AS id, seq::text AS seq FROM change_log WHERE id = ANY($1::bigint[]) AND seq IS NOT NULL',
    [[...changeIds]],
  );
  return new Map(result.rows.map((row) => [row.id, Number(row.seq)]));
}
