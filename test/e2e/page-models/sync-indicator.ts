import type { Locator, Page } from 'playwright-core';

export type SyncState = 'starting' | 'online' | 'syncing' | 'offline' | 'unlocked' | 'signed-out';

declare global {
  interface Window {
    kontorAnnouncements?: string[];
    kontorSyncStates?: string[];
    kontorProgressSeen?: { max: number | null; now: number | null; at: number }[];
    kontorSearchIndexSeen?: string[];
  }
}

/**
 * The sync indicator in the signed-in header, found by its group's name (German unless told);
 * its state word sits in a live region, its details in the chip's description.
 */
export class SyncIndicatorModel {
  readonly group: Locator;
  readonly announcement: Locator;
  readonly chip: Locator;
  readonly searchIndex: Locator;
  readonly progressBar: Locator;

  constructor(readonly page: Page, name = 'Synchronisierung') {
    this.group = page.getByRole('group', { name });
    this.announcement = this.group.getByRole('status');
    this.chip = this.group.locator('.sync-chip');
    this.searchIndex = this.group.locator('.sync-search-index');
    this.progressBar = page.getByRole('progressbar');
  }

  /** Waits until the indicator shows `state` (language-independent). */
  async waitFor(state: SyncState, timeout?: number): Promise<void> {
    await this.page.locator(`[data-sync-state="${state}"]`).waitFor(timeout === undefined ? {} : { timeout });
  }

  state(): Promise<string | null> {
    return this.group.getAttribute('data-sync-state');
  }

  /** What a screen reader is told: the live region's words. */
  async label(): Promise<string> {
    return (await this.announcement.innerText()).trim();
  }

  /** The chip's description (last sync, the server's error), as assistive technology reads it. */
  async detail(): Promise<string> {
    const id = await this.chip.getAttribute('aria-describedby');
    if (id === null) return '';
    return (await this.page.locator(`[id="${id}"]`).textContent()) ?? '';
  }

  /**
   * From now on, records in the page every text the live region takes, every state the
   * indicator shows and every value the progress bar has, as they happen, whatever remounts.
   */
  async record(): Promise<void> {
    await this.page.evaluate(() => {
      window.kontorAnnouncements = [];
      window.kontorSyncStates = [];
      window.kontorProgressSeen = [];
      window.kontorSearchIndexSeen = [];
      const take = (): void => {
        const group = document.querySelector('[data-sync-state]');
        const text = group?.querySelector('[role="status"]')?.textContent.trim() ?? null;
        const state = group?.getAttribute('data-sync-state') ?? null;
        const announcements = window.kontorAnnouncements ?? [];
        const states = window.kontorSyncStates ?? [];
        if (text !== null && announcements.at(-1) !== text) announcements.push(text);
        if (state !== null && states.at(-1) !== state) states.push(state);
        const searchIndex = group?.querySelector('.sync-search-index')?.textContent.trim();
        const searchIndexSeen = window.kontorSearchIndexSeen ?? [];
        if (searchIndex !== undefined && searchIndexSeen.at(-1) !== searchIndex) searchIndexSeen.push(searchIndex);
        const bar = document.querySelector('[role="progressbar"]');
        if (bar) {
          const number = (name: string): number | null => {
            const value = bar.getAttribute(name);
            return value === null ? null : Number(value);
          };
          window.kontorProgressSeen?.push({ max: number('aria-valuemax'), now: number('aria-valuenow'), at: performance.now() });
        }
      };
      take();
      new MutationObserver(take).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }

  async recorded(): Promise<{ announcements: string[]; states: string[]; progress: { max: number | null; now: number | null; at: number }[]; searchIndex: string[] }> {
    return this.page.evaluate(() => ({
      announcements: window.kontorAnnouncements ?? [],
      searchIndex: window.kontorSearchIndexSeen ?? [],
      states: window.kontorSyncStates ?? [],
      progress: window.kontorProgressSeen ?? [],
    }));
  }
}
