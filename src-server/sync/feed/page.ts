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

/**
 * One page of the feed as JSON text, capped by count and by size. Changes are kept as the JSON
 * they leave as, so that the size cap measures what is sent and the entity JSON that PostgreSQL
 * built is never parsed and written again.
 */
export class ChangesPage {
  /** Each change as JSON. */
  private readonly parts: string[] = [];
  private bytes = 0;

  constructor(
    private readonly maxCount: number,
    private readonly maxBytes: number,
  ) {}

  /** A page stops growing once it holds `maxCount` changes or its JSON passes `maxBytes`. */
  isFull(): boolean {
    return this.parts.length >= this.maxCount || this.bytes >= this.maxBytes;
  }

  get count(): number {
    return this.parts.length;
  }

  /** Bytes the page may still grow by before it counts as full. */
  get bytesLeft(): number {
    return this.maxBytes - this.bytes;
  }

  /** `data` is the entity's JSON text, or null for a `remove`. */
  add(seq: number, entity: EntityName, op: 'upsert' | 'remove', id: string, data: string | null): void {
    const part = `{"seq":${seq},"entity":${JSON.stringify(entity)},"op":"${op}","id":${JSON.stringify(id)},"data":${data ?? 'null'}}`;
    this.parts.push(part);
    this.bytes += Buffer.byteLength(part) + 1;
  }

  /** A change already written as the JSON it leaves as, `bytes` long with its separator (`snapshotChunkQuery`). */
  addWritten(change: string, bytes: number): void {
    this.parts.push(change);
    this.bytes += bytes;
  }

  /**
   * How many rows to fetch next: what is left of the count, but no more than rows of
   * `rowBytes` (or the average of the page so far) will fill the bytes left, so that large
   * articles are not read a thousand at a time.
   */
  nextChunk(rowBytes: number | null = null): number {
    const countLeft = this.maxCount - this.parts.length;
    const average = rowBytes ?? (this.parts.length === 0 ? null : this.bytes / this.parts.length);
    if (average === null) return Math.min(countLeft, firstChunkRows);
    const fitting = Math.ceil(((this.maxBytes - this.bytes) / average) * chunkMargin) + 1;
    return Math.max(1, Math.min(countLeft, fitting));
  }

  /**
   * The page's JSON as bytes, written straight into one buffer: a megabyte string would go to
   * V8's large-object space (old generation) and stay there until the next full collection,
   * page after page, which let the server's heap swell by some 150 MB during a bootstrap.
   */
  toBody(cursor: string, hasMore: boolean, standing: FeedStanding, progress: FeedProgress | null, serverTime: Date): Buffer {
    const { phase, position } = standing;
    const progressJson = progress === null ? 'null' : `{"delivered":${progress.delivered},"total":${progress.total}}`;
    const head = '{"changes":[';
    const tail = `],"cursor":${JSON.stringify(cursor)},"hasMore":${hasMore},"phase":"${phase}","position":${position ?? 'null'},"progress":${progressJson},"serverTime":"${serverTime.toISOString()}"}`;
    // `bytes` counts every change with its comma; one byte to spare shows that nothing was cut off.
    const body = Buffer.allocUnsafe(head.length + this.bytes + Buffer.byteLength(tail) + 1);
    let offset = body.write(head, 0, 'latin1');
    for (const [index, part] of this.parts.entries()) {
      if (index > 0) offset = body.writeUInt8(0x2c, offset);
      offset += body.write(part, offset, 'utf8');
    }
    offset += body.write(tail, offset, 'utf8');
    // A database whose encoding is not UTF-8 counts some changes short: fall back to the plain way.
    if (offset >= body.length) return Buffer.from(`${head}${this.parts.join(',')}${tail}`, 'utf8');
    return body.subarray(0, offset);
  }
}
