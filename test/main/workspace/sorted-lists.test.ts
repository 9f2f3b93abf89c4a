import { describe, expect, it } from 'vitest';
import { SortedLists } from '../../../src-main/workspace/sorted-lists.js';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `t${String(i)}`);

describe('the lists kept between windows', () => {
  it('lets the least recently used list go once the ids or lists kept pass their bounds, never the one just kept', () => {
    const lists = new SortedLists(10, 3);
    lists.set('a', { ids: ids(4), total: 4 });
    lists.set('b', { ids: ids(4), total: 4 });
    expect(lists.get('a')?.total).toBe(4);
    // 12 ids: b, the least recently used, goes.
    lists.set('c', { ids: ids(4), total: 4 });
    expect([lists.get('a') !== undefined, lists.get('b') !== undefined, lists.get('c') !== undefined]).toEqual([true, false, true]);
    // Counts of index-ordered lists hold no ids, but count as lists.
    lists.set('d', { ids: null, total: 7 });
    lists.set('e', { ids: null, total: 8 });
    expect(lists.size).toBe(3);
    expect(lists.get('a')).toBeUndefined();
    // A list longer than the bound stays alone.
    lists.set('big', { ids: ids(20), total: 20 });
    expect(lists.size).toBe(1);
    expect(lists.get('big')?.total).toBe(20);
    lists.clear();
    expect(lists.get('big')).toBeUndefined();
  });
});
