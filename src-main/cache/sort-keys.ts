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
