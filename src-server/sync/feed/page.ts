import type { EntityName } from '../../../src-shared/sync/entities.js';
import type { feedPhases } from '../../../src-shared/sync/protocol.js';
import type { FeedProgress, FeedState } from './cursor.js';

/** Where the client stands once it applied a page (`phase` and `position` of changesResponseSchema). */
export interface FeedStanding {
  phase: (typeof feedPhases)[number];
  position: number | null;
}

/**
 * The standing of a cursor's state: only in the log does the client hold everything it may see
 * up to a position; a snapshot or a scoped resync is still filling in.
 */
export function standingOf(state: FeedState): FeedStanding {
  if (state.phase === 'log') return { phase: 'log', position: state.position };
  return { phase: state.phase === 'snapshot' && state.scope === null ? 'snapshot' : 'resync', position: null };
}

/** Rows asked of the database before the page knows how large its rows are. */
const firstChunkRows = 32;

/**
 * How many more rows to ask for than the average row says will fit: rows vary, and the database
 * cuts a chunk at the size cap itself (building the rows past it costs a little), while too few
 * cost a second statement.
 */
const chunkMargin = 1.1;

/** Where the changes begin in a page's body. */
const head = '{"changes":[';

/**
 * One page of the feed as JSON, capped by count and by size. Each change is written into the
 * page's buffer as it arrives, as the JSON it leaves as, so that the size cap measures what is
 * sent and the entity JSON that PostgreSQL built is never parsed and written again. No change is
 * kept as a string: a page read ahead waits a while before it is sent, and a thousand kilobyte
 * strings held that long outlive V8's young generation and swell the heap until the next full
 * collection (a megabyte string for the whole page did the same, in the large-object space).
 */
export class ChangesPage {
  private body: Buffer;
  /** Bytes of the body written so far (the head included). */
  private written: number;
  private changes = 0;
  /** What the changes count against `maxBytes`: each with its separator. */
  private bytes = 0;

  constructor(
    private readonly maxCount: number,
    private readonly maxBytes: number,
  ) {
    // Room for the cap, the change that passes it (usually small) and the tail; grown when a change is larger.
    this.body = Buffer.allocUnsafe(Math.min(maxBytes, 64 * 1024 * 1024) + 64 * 1024);
    this.written = this.body.write(head, 0, 'latin1');
  }

  /** A page stops growing once it holds `maxCount` changes or its JSON passes `maxBytes`. */
  isFull(): boolean {
    return this.changes >= this.maxCount || this.bytes >= this.maxBytes;
  }

  get count(): number {
    return this.changes;
  }

  /** Bytes the page may still grow by before it counts as full. */
  get bytesLeft(): number {
    return this.maxBytes - this.bytes;
  }

  /** `data` is the entity's JSON text, or null for a `remove`. */
  add(seq: number, entity: EntityName, op: 'upsert' | 'remove', id: string, data: string | null): void {
    this.write(`{"seq":${seq},"entity":${JSON.stringify(entity)},"op":"${op}","id":${JSON.stringify(id)},"data":${data ?? 'null'}}`);
  }

  /** A change already written as the JSON it leaves as (`snapshotChunkQuery`). */
  addWritten(change: string): void {
    this.write(change);
  }

  private write(change: string): void {
    const separator = this.changes > 0 ? 1 : 0;
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    this.reserve(separator + change.length * 3);
    if (separator === 1) this.written = this.body.writeUInt8(0x2c, this.written);
    const bytes = this.body.write(change, this.written, 'utf8');
    this.written += bytes;
    this.changes += 1;
    this.bytes += bytes + 1;
  }

  private reserve(bytes: number): void {
    if (this.written + bytes <= this.body.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.body.length * 2, this.written + bytes));
    this.body.copy(grown, 0, 0, this.written);
    this.body = grown;
  }

  /**
   * How many rows to fetch next: what is left of the count, but no more than rows of
   * `rowBytes` (or the average of the page so far) will fill the bytes left, so that large
   * articles are not read a thousand at a time.
   */
  nextChunk(rowBytes: number | null = null): number {
    const countLeft = this.maxCount - this.changes;
    const average = rowBytes ?? (this.changes === 0 ? null : this.bytes / this.changes);
    if (average === null) return Math.min(countLeft, firstChunkRows);
    const fitting = Math.ceil(((this.maxBytes - this.bytes) / average) * chunkMargin) + 1;
    return Math.max(1, Math.min(countLeft, fitting));
  }

  /** The page's JSON as bytes: the changes written so far and the tail after them, in the page's own buffer. */
  toBody(cursor: string, hasMore: boolean, standing: FeedStanding, progress: FeedProgress | null, serverTime: Date): Buffer {
    const { phase, position } = standing;
    const progressJson = progress === null ? 'null' : `{"delivered":${progress.delivered},"total":${progress.total}}`;
    const tail = `],"cursor":${JSON.stringify(cursor)},"hasMore":${hasMore},"phase":"${phase}","position":${position ?? 'null'},"progress":${progressJson},"serverTime":"${serverTime.toISOString()}"}`;
    this.reserve(tail.length * 3);
    const end = this.written + this.body.write(tail, this.written, 'utf8');
    return this.body.subarray(0, end);
  }
}
