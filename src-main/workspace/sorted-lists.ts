/** What the workspace keeps of one list between windows: its ticket ids in order, or only its length. */
export interface KeptList {
  /**
   * Null for a list whose order an index gives (windows are read straight from it); otherwise the
   * ids in order, only the first ones while there are fewer than `total`.
   */
  ids: readonly string[] | null;
  total: number;
}

/**
 * The lists an agent looked at last, so that scrolling reads a slice instead of sorting the
 * view again: the least recently used go first once more than `maxIds` ids are kept. Everything
 * goes when the cache changes (a feed page, an edit), since any ticket may have moved.
 */
export class SortedLists {
  private readonly lists = new Map<string, KeptList>();
  private ids = 0;

  constructor(private readonly maxIds = 300_000, private readonly maxLists = 16) {}

  get(key: string): KeptList | undefined {
    const list = this.lists.get(key);
    if (list) {
      // Map order is insertion order: re-inserted, it is the most recently used.
      this.lists.delete(key);
      this.lists.set(key, list);
    }
    return list;
  }

  set(key: string, list: KeptList): void {
    this.delete(key);
    this.lists.set(key, list);
    this.ids += list.ids?.length ?? 0;
    for (const [oldest] of this.lists) {
      if ((this.ids <= this.maxIds && this.lists.size <= this.maxLists) || oldest === key) break;
      this.delete(oldest);
    }
  }

  clear(): void {
    this.lists.clear();
    this.ids = 0;
  }

  get size(): number {
    return this.lists.size;
  }

  private delete(key: string): void {
    const list = this.lists.get(key);
    if (!list) return;
    this.ids -= list.ids?.length ?? 0;
    this.lists.delete(key);
  }
}
