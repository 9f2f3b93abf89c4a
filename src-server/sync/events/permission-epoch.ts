import type { Queryable } from '../../db/database.js';

/**
 * Tells every instance that an agent's permissions changed (payload: the agent's id), so that
 * each closes that agent's event sockets and the Desk pulls with its old epoch and is resynced.
 */
export const permissionEpochChannel = 'kontor_epoch';

/** Call in the transaction that bumps `agents.permission_epoch`: delivered only if it commits. */
export async function notifyPermissionEpoch(tx: Queryable, agentId: string): Promise<void> {
  await tx.query(`SELECT pg_notify('${permissionEpochChannel}', $1)`, [agentId]);
}
