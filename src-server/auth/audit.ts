import type { Queryable } from '../db/database.js';

/** Logins, failures and denials (ARCHITECTURE.md: "Audit: logins, failures, denials"). */
export type AuditEvent = 'login' | 'logout' | 'session-revoked' | 'mutation-denied';

/** Facts about an event; never a password, a token or anything the directory keeps secret. */
export type AuditDetail = Record<string, string | number | boolean | readonly string[]>;

export interface AuditEntry {
  event: AuditEvent;
  occurredAt: Date;
  actorId: string | null;
  username: string | null;
  address: string | null;
  /** `success` or the typed reason of the failure. */
  outcome: string;
  detail: AuditDetail;
}

/** Appends one row to the audit log (the table refuses UPDATE and DELETE). */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (occurred_at, event, actor_id, username, address, outcome, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [entry.occurredAt, entry.event, entry.actorId, entry.username, entry.address, entry.outcome, JSON.stringify(entry.detail)],
  );
}
