import type { EntityName } from '../../src-shared/sync/entities.js';

/**
 * A text as a list sorts it (DIN 5007-1, as in a dictionary): case ignored, `ä` as `a`, `ß` as
 * `ss`, other diacritics removed. Plain SQLite compares bytes, which puts `Ärger` after `Zins`
 * and `abc` after `Xyz`.
 */
export function sortText(text: string): string {
  return text.toLowerCase().replace(/ß/gu, 'ss').normalize('NFD').replace(/\p{M}+/gu, '');
}

/** A column the cache keeps beside an entity's own: the folded form of one of its texts, made when the row is written. */
export interface SortKeyColumn {
  column: string;
  /** The entity field it folds. */
  field: string;
}

/**
 * The folded names the ticket lists sort by (migration 0012), kept beside the rows so that a
 * sort reads a column instead of folding every name of a queue on each list (a JavaScript call
 * per row: 16–19 ms for a queue of 10,000 open tickets). Only what the lists sort by.
 */
export const sortKeyColumns: Partial<Record<EntityName, readonly SortKeyColumn[]>> = {
  ticket: [{ column: 'title_sort', field: 'title' }],
  'customer-user': [{ column: 'display_name_sort', field: 'displayName' }],
  institution: [{ column: 'name_sort', field: 'name' }],
  agent: [{ column: 'display_name_sort', field: 'displayName' }],
};

/** The values of an entity's sort-key columns for `data`, in `sortKeyColumns` order. */
export function sortKeyValues(entity: EntityName, data: Record<string, unknown>): (string | null)[] {
  return (sortKeyColumns[entity] ?? []).map(({ field }) => {
    const value = data[field];
    return typeof value === 'string' ? sortText(value) : null;
  });
}

/** A name of another row that a ticket sorts by, copied into the ticket's row. */
export interface TicketNameCopy {
  /** The ticket's column holding the copy. */
  column: string;
  /** The ticket field that refers to the named row. */
  reference: 'customerUserId' | 'institutionId' | 'ownerId';
  /** The named row's entity; the copy is its (first) sort-key column. */
  entity: 'customer-user' | 'institution' | 'agent';
}

/**
 * The customer's, institution's and owner's folded names copied into each ticket's row (migration
 * 0013), so that a sort by one of them reads the queue's index alone instead of looking up the
 * name of every ticket of the queue (10 ms for a queue of 10,000 open tickets, against 5–6 ms).
 * The page writer keeps them (name-copies.ts): a ticket takes the names cached when it is written,
 * a renamed (or newly arrived, or removed) customer, institution or agent passes its name on to
 * its tickets.
 */
export const ticketNameCopies: readonly TicketNameCopy[] = [
  { column: 'customer_sort', reference: 'customerUserId', entity: 'customer-user' },
  { column: 'institution_sort', reference: 'institutionId', entity: 'institution' },
  { column: 'owner_sort', reference: 'ownerId', entity: 'agent' },
];

/** The sort-key column of `entity` that tickets copy. */
export function copiedSortKey(entity: TicketNameCopy['entity']): string {
  const column = sortKeyColumns[entity]?.[0]?.column;
  if (column === undefined) throw new Error(`${entity} has no sort key for tickets to copy`);
  return column;
}
