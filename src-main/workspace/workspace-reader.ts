import type Database from 'better-sqlite3';
import type { QueueOverview } from '../../src-shared/ipc/workspace.js';
import type { CalendarEntity } from '../../src-shared/sync/entities.js';
import { entityFromCacheRow } from '../cache/entity-columns.js';
import type { Outbox } from '../cache/outbox.js';
import { ListRows, type ListRow } from './list-rows.js';
import { listQuery, type ListQuery, type ListShape, type SqlValue } from './list-query.js';
import { QueueCountsReader, type ReadableGroup } from './queue-counts.js';
import { SortedLists, type KeptList } from './sorted-lists.js';
import { QueueChoicesReader } from './queue-choices.js';

export interface ListWindow {
  total: number;
  offset: number;
  rows: ListRow[];
  calendars: Record<string, CalendarEntity>;
}

/** The end of the minute of `now` (ISO): a reminder set for any time in it is due, in the list and its count alike. */
function dueMinute(now: Date): string {
  return `${now.toISOString().slice(0, 16)}:59.999Z`;
}

/** Statements are prepared once per shape of list; there are a few dozen in practice, this bounds the odd ones. */
const maxStatements = 256;

/**
 * The workspace over one open cache: statements prepared on its connection, the lists the agent
 * looked at last, the queue counts. Dropped with the cache (another agent signs in).
 */
export class WorkspaceReader {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly lists = new SortedLists();
  private readonly rows: ListRows;
  private readonly counts: QueueCountsReader;
  /** Queues with the agent's rights, and owner candidates: what the editor offers. */
  readonly choices: QueueChoicesReader;

  /**
   * @param firstRows how many rows of a list's top are read without sorting the whole list (five
   *   windows: a sort that keeps 1,000 rows costs a third of sorting a queue's 10,000)
   */
  constructor(
    private readonly db: Database.Database,
    outbox: Outbox,
    private readonly agentId: string,
    private readonly firstRows = 1_000,
  ) {
    this.rows = new ListRows(db, outbox, agentId);
    this.counts = new QueueCountsReader(db, agentId);
    this.choices = new QueueChoicesReader(db);
  }

  isFor(db: Database.Database): boolean {
    return this.db === db;
  }

  overview(readable: ReadableGroup, now: Date): QueueOverview {
    return this.counts.overview(readable, dueMinute(now));
  }

  /**
   * One window of a list: first the tickets the agent created that the server has not numbered
   * yet (where they belong, oldest first), then the cache's. An order that an index gives is read
   * window by window with LIMIT/OFFSET (the index is walked, nothing is sorted); any other order
   * is sorted once into a list of ids that the following windows slice, until the cache changes.
   */
  list(shape: ListShape, offset: number, limit: number, now: Date): ListWindow {
    const creates = this.rows.creates(shape);
    const waiting = creates.slice(offset, offset + limit);
    const from = Math.max(0, offset - creates.length);
    const { total, ids } = this.cachedIds(shape, from, limit - waiting.length, now);
    const rows = [...waiting, ...this.rows.read(ids)];
    return { total: creates.length + total, offset, rows, calendars: this.calendarsOf(rows) };
  }

  /** The calendars the rows count working time on, each once (a window names one or a few). */
  private calendarsOf(rows: readonly ListRow[]): Record<string, CalendarEntity> {
    const ids = [...new Set(rows.flatMap((row) => (row.calendarId === null ? [] : [row.calendarId])))];
    if (ids.length === 0) return {};
    const found = this.statement('SELECT * FROM calendars WHERE "id" IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as Record<string, unknown>[];
    return Object.fromEntries(found.map((row) => [String(row['id']), entityFromCacheRow('calendar', row)]));
  }

  private cachedIds(shape: ListShape, offset: number, limit: number, now: Date): { total: number; ids: readonly string[] } {
    // Which reminders are due changes with the time: their list is kept for the minute it was read in.
    const minute = shape.view.kind === 'reminders-due' ? dueMinute(now) : '';
    const query = listQuery(shape, this.agentId, minute);
    const kept = this.keptList(`${JSON.stringify(shape)}${minute}`, query, offset + Math.max(0, limit));
    if (limit <= 0) return { total: kept.total, ids: [] };
    if (kept.ids) return { total: kept.total, ids: kept.ids.slice(offset, offset + limit) };
    if (offset >= kept.total) return { total: kept.total, ids: [] };
    return { total: kept.total, ids: this.statement(`SELECT t."id" ${query.from} ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`).pluck().all(...query.params, limit, offset) as string[] };
  }

  /**
   * What is kept of a list, read as far as `end` needs: only its length when an index gives the
   * order; otherwise its ids in order. A window within the first rows of a list not read since
   * the cache changed takes the ids of those first rows alone and counts the rest; a window past
   * them sorts the whole list once.
   */
  private keptList(key: string, query: ListQuery, end: number): KeptList {
    const kept = this.lists.get(key);
    if (kept && (kept.ids === null || kept.ids.length >= Math.min(end, kept.total))) return kept;
    const ids = (sql: string, ...more: SqlValue[]) => this.statement(`SELECT t."id" ${query.from} ORDER BY ${query.orderBy}${sql}`).pluck().all(...query.params, ...more) as string[];
    const count = () => this.statement(`SELECT count(*) ${query.from}`).pluck().get(...query.params) as number;
    // One read transaction: the count and the ids see the same state of the cache while the sync thread writes.
    const read = this.db.transaction((): KeptList => {
      if (query.fromIndex) return { ids: null, total: count() };
      if (kept === undefined && end <= this.firstRows) {
        const first = ids(' LIMIT ?', this.firstRows);
        return { ids: first, total: first.length < this.firstRows ? first.length : count() };
      }
      const all = ids('');
      return { ids: all, total: all.length };
    });
    const list = read();
    this.lists.set(key, list);
    return list;
  }

  /** The cache changed (a feed page, an edit): kept lists and counts are read again when next asked for. */
  invalidate(): void {
    this.lists.clear();
    this.counts.invalidate();
  }

  /** How the cache answers a list's window (EXPLAIN QUERY PLAN), for tests that hold the design to its indexes. */
  plan(shape: ListShape, now: Date): string[] {
    const query = listQuery(shape, this.agentId, dueMinute(now));
    const sql = `EXPLAIN QUERY PLAN SELECT t."id" ${query.from} ORDER BY ${query.orderBy}${query.fromIndex ? ' LIMIT 200' : ''}`;
    return (this.db.prepare(sql).all(...query.params) as { detail: string }[]).map((row) => row.detail);
  }

  private statement(sql: string): Database.Statement<SqlValue[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= maxStatements) this.statements.clear();
      statement = this.db.prepare<SqlValue[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
