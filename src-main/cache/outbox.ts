import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { limits } from '../../src-shared/limits.js';
import { writeFileWhole } from '../../src-shared/node/write-whole.js';
import { isMutationName, mutationRules, type MutationName } from '../../src-shared/sync/mutations.js';
import { mutationResultSchema, type MutationResult } from '../../src-shared/sync/protocol.js';

/** What a request adds around one edit (push.ts counts the same). */
const requestOverheadBytes = 1024;

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
  /** Attachments of edits are kept here as files, one per attachment id, next to the cache file. */
  private readonly stagingDir: string;

  private readonly sendableQuery: Database.Statement;
  private readonly recordResult: Database.Statement;
  private readonly rebase: Database.Statement;
  /** Statements of `deleteEntries`, by their condition: settling runs after every page of the feed. */
  private readonly deletions = new Map<string, { files: Database.Statement; rows: Database.Statement }>();
  private knownClientId: string | null = null;
  private readonly all: Database.Statement;
  private readonly ofSubjects: Database.Statement;
  private readonly createsWaiting: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.stagingDir = `${db.name}-staged`;
    this.sendableQuery = db.prepare(
      `SELECT o.* FROM outbox o WHERE o."status" = 'pending' AND NOT EXISTS (
         SELECT 1 FROM outbox f WHERE f."seq" < o."seq" AND f."subject_id" = o."subject_id" AND f."status" IN ('pending', 'rejected', 'conflict'))
       ORDER BY o."seq" LIMIT ?`,
    );
    this.all = db.prepare('SELECT * FROM outbox ORDER BY "seq"');
    this.ofSubjects = db.prepare('SELECT * FROM outbox WHERE "subject_id" IN (SELECT value FROM json_each(?)) ORDER BY "seq"');
    this.createsWaiting = db.prepare(
      `SELECT o.* FROM outbox o WHERE o."name" = 'ticket.create' AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t."id" = o."subject_id") ORDER BY o."seq"`,
    );
    this.recordResult = db.prepare('UPDATE outbox SET "status" = ?, "result" = ?, "result_seq" = ? WHERE "mutation_id" = ?');
    this.rebase = db.prepare(
      `UPDATE outbox SET "base_version" = ? WHERE "status" = 'pending' AND "base_version" IS NOT NULL
         AND "subject_id" = (SELECT "subject_id" FROM outbox WHERE "mutation_id" = ?)
         AND "seq" > (SELECT "seq" FROM outbox WHERE "mutation_id" = ?) AND "base_version" < ?`,
    );
  }

  /** Files no edit refers to any more (a crash between writing a file and its edit, or after settling): removed. */
  sweepStagedFiles(): number {
    let names: string[];
    try {
      names = readdirSync(this.stagingDir);
    } catch {
      return 0;
    }
    const known = new Set((this.db.prepare('SELECT "attachment_id" FROM outbox_files').all() as { attachment_id: string }[]).map((row) => row.attachment_id));
    let removed = 0;
    for (const name of names) {
      if (known.has(name)) continue;
      rmSync(path.join(this.stagingDir, name), { force: true });
      removed += 1;
    }
    return removed;
  }

  /** The cache file's client id, made once. */
  clientId(): string {
    this.knownClientId ??= this.readOrMakeClientId();
    return this.knownClientId;
  }

  private readOrMakeClientId(): string {
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
    // It travels in one request (push.ts): an edit larger than the server's request limit would be refused on every attempt.
    const wireBytes = JSON.stringify({ id: randomUUID(), name, args: valid, baseVersion }).length + requestOverheadBytes;
    if (wireBytes > limits.mutationBatchMaxBytes) {
      const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
      return { ok: false, reason: 'invalid-args', message: `args: the edit is ${mb(wireBytes)} MB as sent (attachments in base64); at most ${mb(limits.mutationBatchMaxBytes)} MB go to Kontor Server at once` };
    }
    const subject = valid[rule.subject.arg];
    const mutationId = randomUUID();
    // Attachment content goes into staged files first (a crash leaves at most an unreferenced file, swept later); the row keeps only their ids.
    const staged = this.stage(valid);
    try {
      this.db.transaction(() => {
        this.db
          .prepare('INSERT INTO outbox ("mutation_id", "name", "args", "base_version", "subject_id", "created_at") VALUES (?, ?, ?, ?, ?, ?)')
          .run(mutationId, name, JSON.stringify(valid), baseVersion, typeof subject === 'string' ? subject.toLowerCase() : null, now.toISOString());
        const file = this.db.prepare('INSERT INTO outbox_files ("attachment_id", "mutation_id", "size") VALUES (?, ?, ?)');
        for (const { id, size } of staged) file.run(id, mutationId, size);
      })();
    } catch (error) {
      for (const { id } of staged) rmSync(this.stagedFile(id), { force: true });
      throw error;
    }
    return { ok: true, mutationId };
  }

  /** An entry's arguments as the server expects them: staged attachment content read back in. */
  wireArgs(entry: OutboxEntry): Record<string, unknown> {
    const uploads = uploadsOf(entry.args);
    if (uploads.length === 0) return entry.args;
    const args = structuredClone(entry.args);
    for (const upload of uploadsOf(args)) {
      if (upload.contentBase64 === '') upload.contentBase64 = readFileSync(this.stagedFile(upload.id)).toString('base64');
    }
    return args;
  }

  /** Moves each attachment's content of an edit into a staged file, leaving its id in the arguments. */
  private stage(args: Record<string, unknown>): { id: string; size: number }[] {
    const staged: { id: string; size: number }[] = [];
    try {
      for (const upload of uploadsOf(args)) {
        const content = Buffer.from(upload.contentBase64, 'base64');
        mkdirSync(this.stagingDir, { recursive: true, mode: 0o700 });
        writeFileWhole(this.stagedFile(upload.id), content);
        upload.contentBase64 = '';
        staged.push({ id: upload.id, size: content.length });
      }
    } catch (error) {
      // A full disk after the first files: none of this edit's files stays behind.
      for (const { id } of staged) rmSync(this.stagedFile(id), { force: true });
      throw error;
    }
    return staged;
  }

  /** A staged attachment's size and SHA-256 as the server will record them; null when no such file is staged. */
  stagedAttachment(attachmentId: string): { size: number; sha256: string } | null {
    let content: Buffer;
    try {
      content = readFileSync(this.stagedFile(attachmentId));
    } catch {
      return null;
    }
    return { size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
  }

  private stagedFile(attachmentId: string): string {
    // The id was checked as a UUID by the mutation's schema: it is a safe file name.
    return path.join(this.stagingDir, attachmentId.toLowerCase());
  }

  /** Deletes outbox rows (their file rows go with them) and then their staged files. */
  private deleteEntries(where: string, ...params: (string | number)[]): number {
    let statements = this.deletions.get(where);
    if (!statements) {
      statements = {
        files: this.db.prepare(`SELECT f."attachment_id" FROM outbox_files f JOIN outbox o ON o."mutation_id" = f."mutation_id" WHERE ${where}`),
        rows: this.db.prepare(`DELETE FROM outbox AS o WHERE ${where}`),
      };
      this.deletions.set(where, statements);
    }
    const files = statements.files.all(...params) as { attachment_id: string }[];
    const removed = statements.rows.run(...params).changes;
    for (const file of files) rmSync(this.stagedFile(file.attachment_id), { force: true });
    return removed;
  }

  /**
   * The edits to send next, in the order they were made: for each subject only its oldest
   * pending edit, and none behind an edit of the same subject that failed (a rejected or
   * conflicting edit holds back the later ones of its ticket until the agent decides; edits of
   * other tickets go on). One per subject per batch, so that the next one can be sent on the
   * version the first one made (see `record`).
   */
  sendable(limit: number): OutboxEntry[] {
    return (this.sendableQuery.all(limit) as OutboxRow[]).map(entryOf);
  }

  /**
   * Records the server's answers (matched by mutation id) in one transaction. An applied edit
   * moves the later pending edits of its subject onto the version it made: the agent made them
   * on a view that already showed it, so the agent's own edits never conflict with each other.
   */
  record(results: readonly MutationResult[]): void {
    this.db.transaction(() => {
      for (const result of results) {
        if (result.status === 'rejected' && result.reason === 'held-back') continue;
        this.recordResult.run(result.status, JSON.stringify(result), result.status === 'applied' ? result.seq : null, result.id);
        if (result.status === 'applied') this.rebase.run(result.version, result.id, result.id, result.version);
      }
    })();
  }

  /** Applied edits whose effect the cache has (the feed is at `position` or beyond) are done: they leave the outbox. */
  settle(position: number): number {
    return this.deleteEntries(`o."status" = 'applied' AND o."result_seq" <= ?`, position);
  }

  /**
   * "Apply mine again": a refused edit goes out once more in its place in the order, under a new
   * mutation id (the server answers the old id from its stored result), on the version the server
   * showed for a conflict. Returns the new id, or null when there is no such refused edit.
   */
  retry(mutationId: string): string | null {
    const row = this.db.prepare(`SELECT * FROM outbox WHERE "mutation_id" = ? AND "status" IN ('rejected', 'conflict')`).get(mutationId) as OutboxRow | undefined;
    if (!row) return null;
    const entry = entryOf(row);
    const baseVersion = entry.result?.status === 'conflict' ? entry.result.server.version : entry.baseVersion;
    const renewed = randomUUID();
    this.db.transaction(() => {
      // The file rows follow the new id within the transaction; the key is checked at its end.
      this.db.pragma('defer_foreign_keys = ON');
      this.db
        .prepare(`UPDATE outbox SET "mutation_id" = ?, "status" = 'pending', "result" = NULL, "result_seq" = NULL, "base_version" = ? WHERE "mutation_id" = ?`)
        .run(renewed, baseVersion, mutationId);
      this.db.prepare('UPDATE outbox_files SET "mutation_id" = ? WHERE "mutation_id" = ?').run(renewed, mutationId);
    })();
    return renewed;
  }

  /** The agent gave up a failed edit ("keep theirs"): it leaves the outbox and releases the edits behind it. */
  discard(mutationId: string): boolean {
    return this.deleteEntries(`o."mutation_id" = ? AND o."status" IN ('rejected', 'conflict')`, mutationId) > 0;
  }

  /** Every entry, oldest first: what the ticket screens show as pending, rejected or in conflict. */
  entries(): OutboxEntry[] {
    return (this.all.all() as OutboxRow[]).map(entryOf);
  }

  /** Tickets the agent created that the cache does not hold yet (not sent, refused, or on their way back through the feed), oldest first. */
  creates(): OutboxEntry[] {
    return (this.createsWaiting.all() as OutboxRow[]).map(entryOf);
  }

  /** The entries about these subjects (ticket ids), oldest first: what one screen of tickets lays over canonical state. */
  entriesOf(subjectIds: readonly string[]): OutboxEntry[] {
    if (subjectIds.length === 0) return [];
    return (this.ofSubjects.all(JSON.stringify(subjectIds.map((id) => id.toLowerCase()))) as OutboxRow[]).map(entryOf);
  }
}

interface Upload {
  id: string;
  contentBase64: string;
}

/** The attachments an edit carries (`article.attachments` of ticket.create and ticket.addArticle). */
function uploadsOf(args: Record<string, unknown>): Upload[] {
  const article = args['article'];
  if (typeof article !== 'object' || article === null) return [];
  const attachments = (article as { attachments?: unknown }).attachments;
  return Array.isArray(attachments) ? (attachments as Upload[]) : [];
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
