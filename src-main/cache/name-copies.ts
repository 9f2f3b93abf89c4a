import type Database from 'better-sqlite3';
import { columnName } from '../../src-shared/sync/entity-fields.js';
import type { EntityName } from '../../src-shared/sync/entities.js';
import { cacheTable } from './entity-columns.js';
import { copiedSortKey, ticketNameCopies } from './sort-keys.js';

/**
 * Keeps the customer's, institution's and owner's names that tickets copy (`ticketNameCopies` in
 * sort-keys.ts) in step, for the page writer: a ticket takes the names cached when it is written,
 * and a customer user, institution or agent written with another name (or new to the cache, or
 * removed) passes it on to its tickets. Names read are remembered until `forget`, which the
 * writer calls at the start of each transaction: a bootstrap's 100,000 tickets share a few
 * thousand names, and looking each up in SQLite for every ticket cost a tenth of storing them.
 */
export class TicketNameCopies {
  /** Per named entity: its name as cached, passing a new one on to the tickets, and the names read since `forget`. */
  private readonly copies = new Map<EntityName, { current: Database.Statement; pass: Database.Statement; known: Map<string, string | null> }>();

  constructor(db: Database.Database) {
    for (const copy of ticketNameCopies) {
      const key = copiedSortKey(copy.entity);
      this.copies.set(copy.entity, {
        current: db.prepare(`SELECT "${key}" FROM ${cacheTable(copy.entity)} WHERE "id" = ?`).pluck(),
        pass: db.prepare(`UPDATE tickets SET "${copy.column}" = ? WHERE "${columnName(copy.reference)}" = ? AND "${copy.column}" IS NOT ?`),
        known: new Map(),
      });
    }
  }

  /** Names read so far may be stale: the cache was written outside the writer (emptied for a resync). */
  forget(): void {
    for (const { known } of this.copies.values()) known.clear();
  }

  /** The copies for a ticket's row, in `ticketNameCopies` order: null where it refers to nobody cached. */
  forTicket(data: Record<string, unknown>): (string | null)[] {
    return ticketNameCopies.map(({ entity, reference }) => {
      const id = data[reference];
      return typeof id === 'string' ? (this.read(entity, id) ?? null) : null;
    });
  }

  /** `entity` `id` is written with the sort key `name` now, or removed (null): its tickets copy it, if it is one that tickets copy and it changed. */
  written(entity: EntityName, id: string, name: string | null): void {
    const copied = this.copies.get(entity);
    if (!copied) return;
    // undefined: not cached before (its tickets may have come first). Most updates keep the name and pass nothing.
    if (this.read(entity, id) !== name) copied.pass.run(name, id, name);
    copied.known.set(id, name);
  }

  private read(entity: EntityName, id: string): string | null | undefined {
    const copied = this.copies.get(entity);
    if (!copied) return undefined;
    if (copied.known.has(id)) return copied.known.get(id);
    const name = copied.current.get(id) as string | null | undefined;
    if (name !== undefined) copied.known.set(id, name);
    return name;
  }
}
