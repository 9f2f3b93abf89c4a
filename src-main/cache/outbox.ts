import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { isMutationName, mutationRules, type MutationName } from '../../src-shared/sync/mutations.js';
import { mutationResultSchema, type MutationResult } from '../../src-shared/sync/protocol.js';

export type OutboxStatus = 'pending' | 'applied' | 'rejected' | 'conflict';

export interface OutboxEntry {
  seq: number;
  mutationId: string;
  name: MutationName;
  args: Record<string, unknown>;
  baseVersion: number | null;
  subjectId: string | null;
  createdAt: string;
  status: OutboxStatus;
  /** The server's answer once it gave one: for `rejected` the reason, for `conflict` the server's ticket. */
  result: MutationResult | null;
  /** For `applied`: the feed number that carries it; the pending mark clears when the cache has it. */
  resultSeq: number | null;
}

export type Enqueued = { ok: true; mutationId: string } | { ok: false; reason: 'invalid-args'; message: string };

interface OutboxRow {
  seq: number;
  mutation_id: string;
  name: string;
  args: string;
  base_version: number | null;
  subject_id: string | null;
  created_at: string;
  status: OutboxStatus;
  result: string | null;
  result_seq: number | null;
}

/**
 * Edits made in the Desk, kept until the server answered them and the feed brought their effect.
 * An edit is checked against the catalogue's schema when it is made (size limits included), so
 * that an offline edit is refused while it is typed, never when it syncs. Canonical state is
 * never written here; the UI lays these over it.
 */
export class Outbox {
  constructor(private readonly db: Database.Database) {}

  /** The cache file's client id, made once. */
  clientId(): string {
    const found = this.db.prepare('SELECT "value" FROM cache_settings WHERE "key" = ?').get('client-id') as { value: string } | undefined;
    if (found) return found.value;
    const id = randomUUID();
    this.db.prepare('INSERT INTO cache_settings ("key", "value") VALUES (?, ?)').run('client-id', id);
    return id;
  }

  /** Checks an edit and writes it (one transaction); nothing is written when it is not valid. */
  enqueue(name: string, args: unknown, baseVersion: number | null, now: Date = new Date()): Enqueued {
    if (!isMutationName(name)) return { ok: false, reason: 'invalid-args', message: `name: there is no mutation "${name}"` };
    const rule = mutationRules[name];
    const parsed = rule.args.safeParse(args);
    if (!parsed.success) {
      return { ok: false, reason: 'invalid-args', message: parsed.error.issues.map((issue) => `${['args', ...issue.path].join('.')}: ${issue.message}`).join('; ') };
    }
    const valid = parsed.data as Record<string, unknown>;
    const subject = valid[rule.subject.arg];
    const mutationId = randomUUID();
    this.db
      .prepare('INSERT INTO outbox ("mutation_id", "name", "args", "base_version", "subject_id", "created_at") VALUES (?, ?, ?, ?, ?, ?)')
      .run(mutationId, name, JSON.stringify(valid), baseVersion, typeof subject === 'string' ? subject.toLowerCase() : null, now.toISOString());
    return { ok: true, mutationId };
  }

  /**
   * The edits to send next, in the order they were made: pending ones whose subject has no
   * earlier edit that failed (a rejected or conflicting edit holds back the later ones of the
   * same ticket until the agent decides; edits of other tickets go on).
   */
  sendable(limit: number): OutboxEntry[] {
    const rows = this.db
      .prepare(
        `SELECT o.* FROM outbox o WHERE o."status" = 'pending' AND NOT EXISTS (
           SELECT 1 FROM outbox f WHERE f."seq" < o."seq" AND f."subject_id" = o."subject_id" AND f."status" IN ('rejected', 'conflict'))
         ORDER BY o."seq" LIMIT ?`,
      )
      .all(limit) as OutboxRow[];
    return rows.map(entryOf);
  }

  /** Records the server's answers (matched by mutation id) in one transaction. */
  record(results: readonly MutationResult[]): void {
    const update = this.db.prepare('UPDATE outbox SET "status" = ?, "result" = ?, "result_seq" = ? WHERE "mutation_id" = ?');
    this.db.transaction(() => {
      for (const result of results) {
        if (result.status === 'rejected' && result.reason === 'held-back') continue;
        update.run(result.status, JSON.stringify(result), result.status === 'applied' ? result.seq : null, result.id);
      }
    })();
  }

  /** Applied edits whose effect the cache has (the feed is at `position` or beyond) are done: they leave the outbox. */
  settle(position: number): number {
    return this.db.prepare(`DELETE FROM outbox WHERE "status" = 'applied' AND "result_seq" <= ?`).run(position).changes;
  }

  /** The agent gave up a failed edit ("keep theirs"): it leaves the outbox and releases the edits behind it. */
  discard(mutationId: string): void {
    this.db.prepare(`DELETE FROM outbox WHERE "mutation_id" = ? AND "status" IN ('rejected', 'conflict')`).run(mutationId);
  }

  /** Every entry, oldest first: what the ticket screens show as pending, rejected or in conflict. */
  entries(): OutboxEntry[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY "seq"').all() as OutboxRow[]).map(entryOf);
  }
}

function entryOf(row: OutboxRow): OutboxEntry {
  if (!isMutationName(row.name)) throw new Error(`outbox entry ${String(row.seq)} names an unknown mutation ${row.name}`);
  return {
    seq: row.seq,
    mutationId: row.mutation_id,
    name: row.name,
    args: JSON.parse(row.args) as Record<string, unknown>,
    baseVersion: row.base_version,
    subjectId: row.subject_id,
    createdAt: row.created_at,
    status: row.status,
    result: row.result === null ? null : mutationResultSchema.parse(JSON.parse(row.result)),
    resultSeq: row.result_seq,
  };
}
